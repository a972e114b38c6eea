export declare const CSP: string;
export declare const startServer: (opts?: { root?: string; port?: number }) => Promise<{ url: string; close(): Promise<void> }>;
