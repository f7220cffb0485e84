import { createContext, useContext } from "react";

// The CSP nonce reaches React through context, never through loader data: what a loader
// returns also goes to the browser, and a nonce readable by page scripts is worthless.
const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
