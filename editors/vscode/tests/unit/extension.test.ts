// The bundled extension (out/extension.js, from `npm run build`) loaded with a
// stand-in for the `vscode` module: activation without an `abide` executable
// shows the install hint, and changing `abide.server.path` tries again.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

// out-test/… is two levels below the extension directory, like tests/unit/….
const bundle = path.join(__dirname, "..", "out", "extension.js");

/** Any property is another stand-in; calling or constructing one returns a stand-in too. */
function standIn(): unknown {
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  return new Proxy(target, {
    get: (t, prop) => {
      if (prop === "prototype") return {};
      if (prop === Symbol.toPrimitive) return () => "";
      if (!(prop in t)) t[prop] = standIn();
      return t[prop];
    },
    apply: () => standIn(),
    construct: () => standIn() as object,
  });
}

interface Fake {
  errors: string[];
  setting: string;
  onConfig: ((e: { affectsConfiguration(s: string): boolean }) => void) | undefined;
}

function loadWithFakeVscode(fake: Fake): { activate(ctx: unknown): Promise<void>; deactivate(): Promise<void> } {
  const log = { info: () => {}, error: () => {}, dispose: () => {} };
  const disposable = { dispose: () => {} };
  const vscode = new Proxy(
    {
      window: new Proxy(
        {
          createOutputChannel: () => log,
          showErrorMessage: (msg: string) => {
            fake.errors.push(msg);
            return Promise.resolve(undefined);
          },
        },
        { get: (t, p) => (p in t ? t[p as keyof typeof t] : standIn()) },
      ),
      workspace: new Proxy(
        {
          workspaceFolders: undefined,
          getConfiguration: () => ({ get: (_key: string, dflt: string) => fake.setting || dflt }),
          onDidChangeConfiguration: (cb: Fake["onConfig"]) => {
            fake.onConfig = cb;
            return disposable;
          },
        },
        { get: (t, p) => (p in t ? t[p as keyof typeof t] : standIn()) },
      ),
      commands: new Proxy(
        { registerCommand: () => disposable, executeCommand: () => Promise.resolve() },
        { get: (t, p) => (p in t ? t[p as keyof typeof t] : standIn()) },
      ),
    },
    { get: (t, p) => (p in t ? t[p as keyof typeof t] : standIn()) },
  );
  const Module = require("node:module") as { _load: (req: string, ...rest: unknown[]) => unknown };
  const original = Module._load;
  Module._load = (req: string, ...rest: unknown[]) => (req === "vscode" ? vscode : original(req, ...rest));
  try {
    delete require.cache[bundle];
    return require(bundle) as ReturnType<typeof loadWithFakeVscode>;
  } finally {
    Module._load = original;
  }
}

test("without the server: an error with the install hint, and a retry on a settings change", { skip: !fs.existsSync(bundle) && "run npm run build first" }, async () => {
  const fake: Fake = { errors: [], setting: "abide-not-installed-anywhere", onConfig: undefined };
  const ext = loadWithFakeVscode(fake);
  await ext.activate({ subscriptions: [] });
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0] ?? "", /cannot find the language server `abide-not-installed-anywhere` on PATH/);
  assert.match(fake.errors[0] ?? "", /cargo install --path crates\/abide-cli/);

  assert.ok(fake.onConfig, "listens to configuration changes");
  fake.onConfig({ affectsConfiguration: (s) => s === "abide.trace.server" });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(fake.errors.length, 1, "another setting does not restart");

  fake.setting = "/nonexistent/bin/abide";
  fake.onConfig({ affectsConfiguration: (s) => s === "abide.server.path" || s === "abide" });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(fake.errors.length, 2, "abide.server.path restarts");
  assert.match(fake.errors[1] ?? "", /cannot find the language server `\/nonexistent\/bin\/abide`\. /);

  await ext.deactivate();
});
