// The Abide extension: a TextMate grammar and snippets (declared in
// package.json), and this client, which runs `abide lsp` for `.abide` files.

import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { defaultLookupEnv, resolveServerPath } from "./serverPath";

const INSTALL_HINT =
  "Install it with `cargo install --path crates/abide-cli` (in a clone of the Abide repository) " +
  "or set `abide.server.path` to the executable.";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
/** Starts and stops run one after the other, never interleaved. */
let queue: Promise<void> = Promise.resolve();

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task).catch((err: unknown) => {
    output?.error(errorText(err));
  });
  return queue;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Abide Language Server", { log: true });
  context.subscriptions.push(
    output,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("abide.server.path")) {
        void restart();
      }
    }),
    vscode.commands.registerCommand("abide.restartServer", restart),
  );
  await enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}

function restart(): Promise<void> {
  return enqueue(async () => {
    await stopClient();
    await startClient();
  });
}

async function startClient(): Promise<void> {
  const setting = vscode.workspace.getConfiguration("abide").get<string>("server.path", "abide");
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
  const command = resolveServerPath(setting, defaultLookupEnv(folder));
  if (command === undefined) {
    const shown = setting.trim() === "" ? "abide" : setting.trim();
    output?.error(`language server not found: ${shown}`);
    void notFound(shown);
    return;
  }
  output?.info(`starting ${command} lsp`);
  const serverOptions: ServerOptions = { command, args: ["lsp"], options: folder === undefined ? {} : { cwd: folder } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "abide" }],
    outputChannel: output,
  };
  // The id "abide" makes the client read `abide.trace.server` itself.
  const c = new LanguageClient("abide", "Abide Language Server", serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    await c.dispose().catch(() => undefined);
    void vscode.window.showErrorMessage(`Abide: \`${command} lsp\` failed to start: ${errorText(err)}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined) {
    // Sends shutdown and exit, waits up to 2 s, and lets go of the client's resources.
    await c.dispose();
  }
}

async function notFound(setting: string): Promise<void> {
  const open = "Open Settings";
  const choice = await vscode.window.showErrorMessage(
    `Abide: cannot find the language server \`${setting}\`${setting.includes("/") || setting.includes("\\") ? "" : " on PATH"}. ${INSTALL_HINT}`,
    open,
  );
  if (choice === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "abide.server.path");
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
