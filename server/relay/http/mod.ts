/**
 * The local relay's plain-HTTP endpoints: certificate hash, health, CORS.
 * @module
 */
export { type CorsOptions, corsHeaders, preflight } from "./cors.ts";
export {
  CERTIFICATE_HASH_PATH,
  HEALTH_PATH,
  type HttpOptions,
  handleHttp,
  sha256Hex,
} from "./handle.ts";
