import { createContext, useContext } from "react";

/** Carries the per-request CSP nonce from entry.server to the inline scripts in root. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
