// language-configuration.json: the regexes VS Code uses for words, indentation
// and doc-comment continuation, tested without VS Code: `npm run test:unit`.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

interface LanguageConfiguration {
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; action: { appendText?: string } }[];
}

// out-test/… is two levels below the extension directory, like tests/unit/….
const config = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "language-configuration.json"), "utf8"),
) as LanguageConfiguration;

function words(line: string): string[] {
  return [...line.matchAll(new RegExp(config.wordPattern, "g"))].map((m) => m[0]);
}

test("a word keeps quantities, dates, times and snake_case names whole", () => {
  assert.deepEqual(words("target p1_response: response_time <= 15min for 99.5% of incidents"), [
    "target",
    "p1_response",
    "response_time",
    "15min",
    "for",
    "99.5%",
    "of",
    "incidents",
  ]);
  assert.deepEqual(words("throughput >= 100/s rising to 6000/min from 2027-01-01"), [
    "throughput",
    "100/s",
    "rising",
    "to",
    "6000/min",
    "from",
    "2027-01-01",
  ]);
  assert.deepEqual(words("mon..fri 08:00..18:00 fee 18000 GBP 1bd nps >= +65"), [
    "mon",
    "fri",
    "08:00",
    "18:00",
    "fee",
    "18000",
    "GBP",
    "1bd",
    "nps",
    "65",
  ]);
  assert.deepEqual(words("isp.fix_time 1..5 1.5..2.5"), ["isp", "fix_time", "1", "5", "1.5", "2.5"]);
});

test("indentation follows braces, ignoring braces in comments", () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('sla wifi_sla "Campus Wi-Fi SLA" for campus_wifi {'));
  assert.ok(increase.test("service mail {   // the mail service"));
  assert.ok(!increase.test("service mail { owner it }"));
  assert.ok(!increase.test("// an example: service mail {"));
  assert.ok(decrease.test("    }"));
  assert.ok(!decrease.test("    target a: availability >= 99%"));
});

test("Enter continues a /// doc comment, not a // or //// comment", () => {
  const rule = config.onEnterRules.find((r) => r.action.appendText === "/// ");
  assert.ok(rule);
  const before = new RegExp(rule.beforeText);
  assert.ok(before.test("/// Teaching hours on the main campus."));
  assert.ok(before.test("    /// indented"));
  assert.ok(!before.test("// a comment"));
  assert.ok(!before.test("//// four slashes"));
});
