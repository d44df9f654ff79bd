// Where is the `abide` executable? Kept free of `vscode` imports so that it
// can be tested with plain Node (tests/unit/serverPath.test.ts).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What the lookup needs from the outside world (injectable for tests). */
export interface LookupEnv {
  /** The process environment (`PATH`, and `PATHEXT` on Windows). */
  env: NodeJS.ProcessEnv;
  /** `process.platform`. */
  platform: NodeJS.Platform;
  /** The home directory, for `~/…`. */
  home: string;
  /** The directory a relative path is resolved against (the first workspace folder). */
  base: string | undefined;
}

export function defaultLookupEnv(base: string | undefined): LookupEnv {
  return { env: process.env, platform: process.platform, home: os.homedir(), base };
}

/**
 * Resolves the `abide.server.path` setting to an executable file.
 *
 * - An empty setting means `abide`.
 * - A bare name (no path separator) is looked up on `PATH`, trying the
 *   `PATHEXT` extensions on Windows.
 * - `~` and `~/…` are relative to the home directory; another relative path is
 *   relative to `base` (the first workspace folder), or to the current directory.
 *
 * Returns `undefined` when no executable file is found.
 */
export function resolveServerPath(setting: string | undefined, lookup: LookupEnv): string | undefined {
  const windows = lookup.platform === "win32";
  const p = windows ? path.win32 : path.posix;
  let value = (setting ?? "").trim();
  if (value === "") {
    value = "abide";
  }
  if (value === "~" || value.startsWith("~/") || (windows && value.startsWith("~\\"))) {
    value = p.join(lookup.home, value.slice(1));
  }
  const hasSeparator = value.includes("/") || (windows && value.includes("\\"));
  if (hasSeparator || p.isAbsolute(value)) {
    const full = p.isAbsolute(value) ? value : p.resolve(lookup.base ?? process.cwd(), value);
    return isExecutable(full, windows) ? full : undefined;
  }
  const pathVar = lookup.env["PATH"] ?? lookup.env["Path"] ?? "";
  const dirs = pathVar.split(windows ? ";" : ":").filter((d) => d !== "");
  const extensions = windows ? ["", ...(lookup.env["PATHEXT"] ?? ".COM;.EXE;.BAT;.CMD").split(";")] : [""];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = p.join(dir, value + ext);
      if (isExecutable(candidate, windows)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutable(file: string, windows: boolean): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (!windows) {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
