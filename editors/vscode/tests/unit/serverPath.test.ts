// `abide.server.path` resolution, without VS Code: `npm run test:unit`.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { type LookupEnv, resolveServerPath } from "../../src/serverPath";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "abide-vscode-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(rel: string, mode: number): string {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, "#!/bin/sh\n");
  fs.chmodSync(full, mode);
  return full;
}

const bin = file("bin/abide", 0o755);
const notExec = file("plain/abide", 0o644);
const custom = file("home/tools/abide-dev", 0o755);
const local = file("ws/target/debug/abide", 0o755);
fs.mkdirSync(path.join(root, "dir/abide"), { recursive: true });

function lookup(pathVar: string, base?: string): LookupEnv {
  return { env: { PATH: pathVar }, platform: "linux", home: path.join(root, "home"), base };
}

test("a bare name is looked up on PATH, skipping non-executables and directories", { skip: process.platform === "win32" }, () => {
  const pathVar = [path.join(root, "dir"), path.join(root, "plain"), path.join(root, "bin")].join(":");
  assert.equal(resolveServerPath("abide", lookup(pathVar)), bin);
  assert.equal(resolveServerPath("", lookup(pathVar)), bin, "empty means abide");
  assert.equal(resolveServerPath("  abide ", lookup(pathVar)), bin);
  assert.equal(resolveServerPath(undefined, lookup(pathVar)), bin);
});

test("a bare name missing from PATH is not found", { skip: process.platform === "win32" }, () => {
  assert.equal(resolveServerPath("abide", lookup(path.join(root, "plain"))), undefined);
  assert.equal(resolveServerPath("abide", lookup("")), undefined);
  assert.equal(resolveServerPath("abide-dev", lookup(path.join(root, "bin"))), undefined);
});

test("absolute, home and workspace-relative paths", { skip: process.platform === "win32" }, () => {
  assert.equal(resolveServerPath(custom, lookup("")), custom);
  assert.equal(resolveServerPath("~/tools/abide-dev", lookup("")), custom);
  assert.equal(resolveServerPath("target/debug/abide", lookup("", path.join(root, "ws"))), local);
  assert.equal(resolveServerPath("./target/debug/abide", lookup("", path.join(root, "ws"))), local);
  assert.equal(resolveServerPath(notExec, lookup("")), undefined, "not executable");
  assert.equal(resolveServerPath(path.join(root, "dir/abide"), lookup("")), undefined, "a directory");
  assert.equal(resolveServerPath("target/debug/missing", lookup("", path.join(root, "ws"))), undefined);
});

test("Windows: PATHEXT extensions are tried", { skip: process.platform !== "win32" }, () => {
  const dir = path.join(root, "win");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "abide.EXE"), "");
  const found = resolveServerPath("abide", {
    env: { Path: dir, PATHEXT: ".COM;.EXE" },
    platform: "win32",
    home: root,
    base: undefined,
  });
  assert.equal(found, path.join(dir, "abide.EXE"));
});
