import {
  type ControlMessage,
  decodeControl,
  encodeControl,
  Version,
  WireDecodeError,
} from "../../src/moqt/index.ts";
import { bytesToHex, fromJson, hexToBytes, toJson } from "./json-bytes.ts";
import { PRESETS } from "./presets.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const draft = $<HTMLSelectElement>("draft");
const preset = $<HTMLSelectElement>("preset");
const json = $<HTMLTextAreaElement>("json");
const hex = $<HTMLTextAreaElement>("hex");
const encodeError = $<HTMLPreElement>("encode-error");
const decoded = $<HTMLPreElement>("decoded");

const version = () => (draft.value === "14" ? Version.DRAFT_14 : Version.DRAFT_16);

for (const name of Object.keys(PRESETS)) preset.add(new Option(name, name));

function loadPreset(): void {
  json.value = toJson(PRESETS[preset.value]);
  encode();
}

function explain(e: unknown): string {
  if (e instanceof WireDecodeError) {
    return `${e.failure} at byte ${e.offset}: ${e.message}\nsession termination code: 0x${e.termination.toString(16)}`;
  }
  return e instanceof Error ? e.message : String(e);
}

function encode(): void {
  encodeError.textContent = "";
  try {
    const bytes = encodeControl(fromJson(json.value) as ControlMessage, version());
    hex.value = bytesToHex(bytes);
    decode();
  } catch (e) {
    encodeError.textContent = explain(e);
  }
}

function decode(): void {
  decoded.classList.remove("error");
  try {
    const bytes = hexToBytes(hex.value);
    const [msg, used] = decodeControl(bytes, version());
    const rest = bytes.length - used;
    decoded.textContent = `${toJson(msg)}\n\n${used} bytes${rest > 0 ? `, ${rest} bytes follow` : ""}`;
  } catch (e) {
    decoded.classList.add("error");
    decoded.textContent = explain(e);
  }
}

preset.addEventListener("change", loadPreset);
draft.addEventListener("change", encode);
$("encode").addEventListener("click", encode);
$("decode").addEventListener("click", decode);
loadPreset();
