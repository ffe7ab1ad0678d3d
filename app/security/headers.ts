/**
 * Response headers the server (server/http-server.ts) sends on every
 * answer. The CSP of HTML pages is in csp.ts, made per request.
 */

/** A year, subdomains included, once a browser has reached us over HTTPS. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/**
 * Powerful browser features the portal never uses, switched off for it and
 * for anything it might embed. Only features Chromium knows are named:
 * an unknown one is a console error on every page.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "screen-wake-lock=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");
