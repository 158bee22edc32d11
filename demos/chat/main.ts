// A chat room on text tracks: everyone publishes `chat/<room>` / `<name>` and
// subscribes to the other names in the room as `client.tracks()` reports them.
import { type ConnectionState, MoqtClient, type TextSubscription } from "../../src/moqt/index.ts";
import { relayUrl } from "../relay-url.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const relay = await relayUrl();
$("relay").textContent = relay;

const params = new URLSearchParams(location.search);
$<HTMLInputElement>("room").value = params.get("room") ?? "lobby";
$<HTMLInputElement>("user").value =
  params.get("user") ?? `guest-${Math.floor(Math.random() * 1000)}`;

function addMessage(who: string, text: string, tsUs: number, own: boolean): void {
  const li = document.createElement("li");
  li.className = own ? "own" : "";
  li.dataset.from = who;
  const time = document.createElement("time");
  time.textContent = new Date(tsUs / 1000).toLocaleTimeString();
  const name = document.createElement("strong");
  name.textContent = who;
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  li.append(time, " ", name, " ", body);
  const list = $("messages");
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

function addPerson(name: string, you: boolean): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.user = name;
  li.textContent = you ? `${name} (you)` : name;
  $("people").append(li);
  return li;
}

function join(room: string, user: string): void {
  const ns = `chat/${room}`;
  $("join").hidden = true;
  $("room-view").hidden = false;
  $("room-title").textContent = `#${room}`;
  document.title = `#${room} — ClutchCall chat`;

  const client = MoqtClient.connect(relay, {
    onState: (state: ConnectionState) => {
      $("state").textContent = state;
      $("state").dataset.state = state;
    },
  });
  const mine = client.publishText(ns, user, { capability: "chat.text" });
  const me = addPerson(user, true);
  mine.on("live", () => {
    me.dataset.live = "";
  });

  const others = new Map<string, { sub: TextSubscription; person: HTMLLIElement }>();
  const members = client.tracks(ns, { capability: "chat.text" });
  members.on("available", ({ namespace, name }) => {
    if (namespace !== ns || name === user || others.has(name)) return;
    const sub = client.subscribeText(ns, name, (tsUs, text) => addMessage(name, text, tsUs, false));
    const person = addPerson(name, false);
    sub.on("subscribed", () => {
      person.dataset.live = "";
    });
    sub.on("gap", () =>
      addMessage("·", `some messages from ${name} were lost`, Date.now() * 1000, false),
    );
    others.set(name, { sub, person });
  });
  members.on("ended", ({ namespace, name }) => {
    const other = others.get(name);
    if (namespace !== ns || other === undefined) return;
    others.delete(name);
    other.person.remove();
    void other.sub.close();
  });

  $<HTMLFormElement>("send").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $<HTMLInputElement>("text");
    const text = input.value.trim();
    if (text === "") return;
    const tsUs = Date.now() * 1000;
    mine.write(text, tsUs);
    addMessage(user, text, tsUs, true);
    input.value = "";
  });
  addEventListener("pagehide", () => void client.close());
  $<HTMLInputElement>("text").focus();
}

$<HTMLFormElement>("join").addEventListener("submit", (e) => {
  e.preventDefault();
  const room = $<HTMLInputElement>("room").value.trim();
  const user = $<HTMLInputElement>("user").value.trim();
  if (room === "" || user === "" || room.includes("/") || user.includes("/")) return;
  join(room, user);
});

if (params.has("room") && params.has("user")) $<HTMLFormElement>("join").requestSubmit();
