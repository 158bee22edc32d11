import type { Plugin } from "vite";

export const ISOLATION_HEADERS: Readonly<Record<string, string>>;
export function crossOriginIsolation(): Plugin;
