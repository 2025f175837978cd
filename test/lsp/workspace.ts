/** The multi-file workspace the language server tests run on, written to a fresh temp dir. */
import fs from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { makeTempDir, type TempDir } from '../support/index.ts';

export const LIB = `//! Kubernetes helpers.

/// Installs the OS and tunes the kernel of one node.
workflow setup(node: instance) {
  step os   = std.provision.os(node)
  step tune = std.ssh.exec(node, "sysctl -w vm.swappiness=1")
  output kernel = tune.stdout
}
`;

export const MAIN = `import "./lib/k8s.mbp" as k8s

/// Number of worker nodes.
param workers: int = 3

infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }

  instance_array worker {
    server_type = "M.40.256.4"
    count       = workers
    template    = std.os.ubuntu_2404
    hostname    = "wk-\${instance.index}"
    port 0 { network = wan }
    on provision run k8s.setup(node = instance)
  }
}
`;

export const EXTRA = `import "./lib/k8s.mbp" as kube

/* A lab: one node,
   booted from the network. */
infrastructure lab {
  datacenter = "dc-east"

  instance_array node {
    server_type = "M.8.32.2"
    template    = std.os.rocky_9
    tags        = ["lab"]
    on provision run kube.setup(node = instance) { timeout = 30m }
  }
}
`;

export interface Workspace {
  readonly root: string;
  readonly main: string;
  readonly lib: string;
  readonly extra: string;
  readonly temp: TempDir;
}

export function writeWorkspace(): Workspace {
  const temp = makeTempDir('mbp-lsp-');
  const root = temp.path;
  fs.mkdirSync(path.join(root, 'lib'));
  const files = { main: path.join(root, 'main.mbp'), lib: path.join(root, 'lib/k8s.mbp'), extra: path.join(root, 'extra.mbp') };
  fs.writeFileSync(files.main, MAIN);
  fs.writeFileSync(files.lib, LIB);
  fs.writeFileSync(files.extra, EXTRA);
  return { root, ...files, temp };
}

/** Applies LSP text edits to a text (as an editor would). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.mbp', 'mbp', 1, text), [...edits]);
}

/** The LSP position of an offset of `text`. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  return TextDocument.create('file:///x.mbp', 'mbp', 1, text).positionAt(offset);
}

/** The LSP position of the `n`th (from 0) occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, n = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` occurs fewer than ${n + 1} times`);
  }
  return positionAt(text, at + delta);
}
