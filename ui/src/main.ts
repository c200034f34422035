import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { api } from "./lib/api";
import { setVocabulary } from "./lib/vocabulary";
import { setLocale } from "./lib/i18n";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");

// The words for codes come from Rust; without them codes show as themselves.
try {
  const vocabulary = await api.vocabulary();
  setVocabulary(vocabulary);
  // The webview's words, numbers and dates in the locale Rust chose for its own.
  setLocale(vocabulary.locale);
} catch {
  // Keep going: every screen still works, with codes for words.
}

export default mount(App, { target });
