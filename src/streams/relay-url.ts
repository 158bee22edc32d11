// The URL a publisher or viewer session dials (seed "Wire model"): a relay base
// URL with no path gets the stream resolver's path (`/publish/<id>?sk=…`,
// `/playback/<id>?tok=…`); a URL with a path is a MoQT endpoint used as it is
// (a generic relay, or the dev relay's `/moq`), the credential going in SETUP.

/** Dial URL and the token to send in CLIENT_SETUP, if any. */
export interface SessionTarget {
  readonly url: string;
  readonly token: string | undefined;
}

export function sessionTarget(
  relayUrl: string,
  role: "publish" | "playback",
  id: string,
  credential: string | undefined,
): SessionTarget {
  const u = new URL(relayUrl);
  if (u.pathname !== "" && u.pathname !== "/") {
    return { url: u.href, token: credential === "" ? undefined : credential };
  }
  u.pathname = `/${role}/${encodeURIComponent(id)}`;
  if (credential !== undefined && credential !== "") {
    u.searchParams.set(role === "publish" ? "sk" : "tok", credential);
  }
  return { url: u.href, token: undefined };
}
