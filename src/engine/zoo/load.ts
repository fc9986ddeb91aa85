// Loads the zoo manifest from text or a URL (the app imports models/zoo.json?raw or fetches it) and validates it.
import { ManifestError, validateManifest, type ZooManifest } from './manifest.ts';

/** Parses and validates manifest text; a JSON syntax error names the file. */
export function parseManifest(text: string, file = 'models/zoo.json'): ZooManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  return validateManifest(json, file);
}

/** Fetches and validates a manifest; an HTTP error names the URL. */
export async function loadManifest(url: string, doFetch: typeof fetch = fetch): Promise<ZooManifest> {
  const res = await doFetch(url);
  if (!res.ok) throw new ManifestError(`${url}: HTTP ${res.status} ${res.statusText}`);
  return parseManifest(await res.text(), url);
}
