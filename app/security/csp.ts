/** The Content-Security-Policy of every HTML page, with a per-request script nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Style elements (Mantine's CSS variables and responsive style props) carry the nonce;
    // style attributes (Mantine's style props, Recharts' SVG) cannot, so only they stay
    // unsafe-inline (docs/decisions/0012-csp-styles.md). style-src is the fallback for
    // browsers without CSP Level 3.
    "style-src 'self' 'unsafe-inline'",
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
