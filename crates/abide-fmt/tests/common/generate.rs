//! A small deterministic generator of valid Abide sources, and a noise
//! maker that re-spaces real files: random whitespace, comments and `;`
//! between their tokens.

use abide_syntax::Token;
use abide_syntax::ast::ItemKind;

/// xorshift64*: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator for one seed.
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `pct` %.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }

    /// One of `xs`.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// A piece of generated source.
enum Piece {
    /// A token's text.
    Tok(String),
    /// The next token touches this one (a sign and its number).
    Glue,
    /// A `;` may stand here.
    Semi,
}

const NAMES: &[&str] = &[
    "alpha", "beta", "gamma_1", "net_team", "desk", "isp", "uni_it", "wifi", "hall_x", "p1",
];
const TITLES: &[&str] = &[
    r#""Title""#,
    r#""Campus Wi-Fi""#,
    r#""x//y""#,
    r#""a \"quoted\" word""#,
    r#""\u{1F680} launch""#,
    r#""Ünïcödé; with semicolon""#,
    r#""A rather long title that goes on and on, as contract titles do""#,
];
const METRICS: &[&str] = &[
    "availability",
    "response_time",
    "resolution_time",
    "satisfaction",
    "latency",
    "error_rate",
    "answer_time",
    "nps",
    "ease_of_use",
    "concurrent_users",
];
const QUANTITIES: &[&str] = &[
    "99.5%", "99.95%", "15min", "2h", "30s", "4.2", "200", "1bd", "100/s", "3d", "1w", "500ms",
    "95%", "4", "0.5",
];
const DATES: &[&str] = &[
    "2026-09-01",
    "2026-12-21",
    "2027-01-03",
    "2027-08-31",
    "2026-09",
    "2027-01",
];
const TIME_SPANS: &[&str] = &[
    "08:00..18:00",
    "22:00..02:00",
    "00:00..24:00",
    "12:30..13:00",
];
const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const PERIODS: &[&str] = &["month", "quarter", "day", "week", "year", "half_year"];
const WORDS: &[&str] = &[
    "incidents",
    "users",
    "customer",
    "lecture_hall",
    "calls",
    "service",
    "priority",
    "region",
];
const STRINGS: &[&str] = &[
    r#""probes""#,
    r#""force majeure""#,
    r#""P1""#,
    r#""a long measurement source description, with commas, and more words""#,
];
const OPS: &[&str] = &[">=", ">", "<=", "<", "="];

/// Builds one random valid source.
pub struct Gen {
    rng: Rng,
    out: Vec<Piece>,
}

impl Gen {
    /// A generator for one seed.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
            out: Vec::new(),
        }
    }

    fn t(&mut self, s: &str) {
        self.out.push(Piece::Tok(s.to_owned()));
    }

    fn pick(&mut self, xs: &[&str]) {
        let s = self.rng.pick(xs);
        self.t(s);
    }

    fn chance(&mut self, pct: u64) -> bool {
        self.rng.chance(pct)
    }

    fn name(&mut self) {
        self.pick(NAMES);
    }

    fn title(&mut self) {
        if self.chance(70) {
            self.pick(TITLES);
        }
    }

    fn value(&mut self) {
        if self.chance(10) {
            self.pick(&["+", "-"]);
            self.out.push(Piece::Glue);
            self.pick(&["3", "65", "4.5"]);
        } else {
            self.pick(QUANTITIES);
        }
    }

    fn cond_value(&mut self) {
        if self.chance(15) {
            self.pick(&["500", "12.50", "18000"]);
            self.pick(&["GBP", "EUR"]);
        } else {
            self.value();
        }
    }

    fn list<F: FnMut(&mut Self)>(&mut self, max: usize, trailing_ok: bool, mut f: F) {
        let n = 1 + self.rng.below(max);
        for k in 0..n {
            if k > 0 {
                self.t(",");
            }
            f(self);
        }
        if trailing_ok && self.chance(20) {
            self.t(",");
        }
    }

    fn condition(&mut self) {
        match self.rng.below(5) {
            0 | 1 => self.pick(METRICS),
            2 => {
                self.pick(&["mean", "median", "max", "p95", "count"]);
                self.t("(");
                self.pick(METRICS);
                if self.chance(20) {
                    self.t(",");
                }
                self.t(")");
            }
            3 => {
                self.t("share");
                self.t("(");
                self.pick(METRICS);
                self.pick(OPS);
                self.value();
                self.t(")");
            }
            _ => {
                self.t("pct");
                self.t("(");
                self.pick(&["99.9", "99.5", "50"]);
                self.t(",");
                self.pick(METRICS);
                self.t(")");
            }
        }
        self.pick(OPS);
        self.cond_value();
    }

    fn noun(&mut self) {
        if self.chance(80) {
            self.pick(WORDS);
        } else {
            self.pick(STRINGS);
        }
    }

    fn where_value(&mut self) {
        match self.rng.below(3) {
            0 => self.pick(WORDS),
            1 => self.pick(STRINGS),
            _ => self.value(),
        }
    }

    /// One field of a `where`: `FIELD = VALUE` or `FIELD in [...]`.
    fn where_field(&mut self) {
        self.pick(WORDS);
        if self.chance(60) {
            self.t("=");
            self.where_value();
        } else {
            self.t("in");
            self.t("[");
            self.list(5, true, Self::where_value);
            self.t("]");
        }
    }

    fn qualifier(&mut self) {
        match self.rng.below(12) {
            10 => {
                // Several fields joined by `and`.
                self.t("where");
                self.where_field();
                for _ in 0..1 + self.rng.below(2) {
                    self.t("and");
                    self.where_field();
                }
            }
            11 => {
                self.t("in");
                self.t("at");
                self.t("least");
                self.pick(&["2", "1"]);
                self.t("of");
                self.pick(&["3", "5"]);
                self.pick(&["zones", "regions", "\"data centres\""]);
            }
            0 => {
                self.t("for");
                self.pick(&["95%", "99%", "90.5%"]);
                if self.chance(60) {
                    self.t("of");
                    self.noun();
                }
            }
            1 => {
                self.t("where");
                self.pick(WORDS);
                self.t("=");
                self.where_value();
            }
            2 => {
                self.t("where");
                self.pick(WORDS);
                self.t("in");
                self.t("[");
                self.list(5, true, Self::where_value);
                self.t("]");
            }
            3 => {
                self.t("during");
                self.name();
            }
            4 => {
                self.t("per");
                self.pick(PERIODS);
            }
            5 => {
                self.t("over");
                self.t("rolling");
                self.pick(&["30d", "4w", "24h"]);
            }
            6 => {
                self.t("in");
                self.t("each");
                self.noun();
            }
            7 => {
                self.t("measured");
                self.t("by");
                self.pick(STRINGS);
            }
            8 => {
                self.t("excluding");
                self.list(4, false, |g| {
                    if g.chance(50) {
                        g.name();
                    } else {
                        g.pick(STRINGS);
                    }
                });
            }
            _ => {
                self.t("minimum");
                self.cond_value();
            }
        }
    }

    fn support(&mut self, depth: usize) {
        match self.rng.below(if depth >= 3 { 1 } else { 4 }) {
            0 | 1 => {
                self.name();
                self.t(".");
                self.name();
            }
            2 => {
                self.pick(&["all", "any", "seq"]);
                self.t("(");
                self.list(4, true, |g| g.support(depth + 1));
                self.t(")");
            }
            _ => {
                if self.chance(20) {
                    self.name();
                } else {
                    self.name();
                    self.t(".");
                    self.pick(&["a_rather_long_target_name", "another_long_target_name"]);
                }
            }
        }
    }

    fn target(&mut self) {
        self.t("target");
        self.name();
        self.t(":");
        self.condition();
        for _ in 0..self.rng.below(6) {
            match self.rng.below(7) {
                6 => {
                    self.t("if");
                    self.pick(&[
                        r#""instances run in at least two zones""#,
                        r#""the customer follows the runbook""#,
                    ]);
                }
                0 => {
                    self.t("supported");
                    self.t("by");
                    self.list(3, false, |g| g.support(0));
                }
                1 => {
                    self.t("rising");
                    self.t("to");
                    self.cond_value();
                    self.t("from");
                    self.pick(DATES);
                }
                _ => self.qualifier(),
            }
        }
    }

    fn amount(&mut self) {
        if self.chance(60) {
            self.pick(&["5%", "10%"]);
            self.t("of");
            self.t("fee");
        } else if self.chance(25) {
            self.pick(&["1", "3"]);
            self.pick(&["day", "days"]);
            self.t("of");
            self.t("fee");
        } else {
            self.pick(&["500", "1000"]);
            self.t("GBP");
        }
    }

    /// A v0.2 agreement clause.
    fn v02_clause(&mut self) {
        match self.rng.below(10) {
            0 => {
                self.t("fee");
                self.t("charges");
                if self.chance(50) {
                    self.pick(&["USD", "GBP"]);
                }
                self.t("per");
                self.pick(PERIODS);
                if self.chance(50) {
                    self.pick(STRINGS);
                }
            }
            1 => {
                self.pick(&["supersedes", "extends"]);
                self.name();
            }
            2 => {
                self.t("prevails");
                self.t("over");
                self.list(4, false, |g| {
                    if g.chance(50) {
                        g.name();
                    } else {
                        g.pick(STRINGS);
                    }
                });
            }
            3 => {
                self.t("below");
                self.list(4, false, |g| g.pick(STRINGS));
            }
            4 => {
                self.t("credits");
                self.t("paid");
                self.t("as");
                self.pick(&["invoice_credit", "service_credit"]);
                self.list(5, false, |g| match g.rng.below(5) {
                    0 => {
                        g.t("minimum");
                        g.pick(&["1", "25"]);
                        g.pick(&["USD", "GBP"]);
                    }
                    1 => g.t("refundable"),
                    2 => {
                        g.t("not");
                        g.t("refundable");
                    }
                    3 => {
                        g.t("expire");
                        g.t("on");
                        g.t("termination");
                    }
                    _ => {
                        g.t("sole");
                        g.t("remedy");
                    }
                });
            }
            5 => {
                self.t("action");
                self.pick(&[r#""improvement plan""#, r#""may terminate""#]);
                self.t("when");
                self.condition();
                for _ in 0..self.rng.below(3) {
                    self.qualifier();
                }
                if self.chance(40) {
                    self.t("for");
                    self.pick(&["2", "3"]);
                    self.t("consecutive");
                    self.pick(&["months", "quarters"]);
                }
                if self.chance(40) {
                    self.t("lasting");
                    self.pick(&[">", ">="]);
                    self.pick(&["72h", "30min"]);
                }
            }
            6 => {
                self.t("changes");
                self.t("by");
                self.name();
                if self.chance(50) {
                    self.t("with");
                    self.t("notice");
                    self.pick(&["4w", "30d"]);
                }
                if self.chance(60) {
                    self.t("at");
                    self.t("most");
                    self.pick(&["once", "twice", "4"]);
                    self.t("per");
                    self.pick(PERIODS);
                }
            }
            7 => {
                if self.chance(50) {
                    self.t("downtime");
                    self.t("when");
                    self.condition();
                } else {
                    self.t("uptime");
                    self.t("from");
                    self.pick(&["mean", "max"]);
                    self.t("(");
                    self.t("error_rate");
                    self.t(")");
                }
                self.t("in");
                self.t("each");
                self.pick(&["1min", "5min"]);
                if self.chance(50) {
                    self.t("counting");
                    self.t("[");
                    self.list(4, true, |g| {
                        g.pick(&[
                            r#""InternalError""#,
                            r#""ServiceUnavailable""#,
                            r#""Timeout""#,
                        ]);
                    });
                    self.t("]");
                }
                if self.chance(50) {
                    self.t("minimum");
                    self.pick(&["100", "10"]);
                    self.t("requests");
                    self.t("else");
                    self.pick(&["up", "down"]);
                }
            }
            8 => {
                self.t("credits");
                self.t("capped");
                self.t("at");
                self.amount();
                self.t("over");
                self.t("rolling");
                if self.chance(50) {
                    self.pick(&["24h", "30d"]);
                } else {
                    self.pick(&["12", "3"]);
                    self.pick(&["months", "quarters", "years"]);
                }
            }
            _ => {
                self.t("claim");
                self.t("within");
                self.pick(&["7bd", "30d"]);
                if self.chance(50) {
                    self.t("during");
                    self.name();
                }
                if self.chance(70) {
                    self.t("after");
                    if self.chance(50) {
                        self.pick(&["incident", "eligibility"]);
                    } else {
                        self.pick(&["month", "quarter"]);
                        self.t("end");
                    }
                }
            }
        }
    }

    fn body_clause(&mut self) {
        match self.rng.below(18) {
            14..=17 => self.v02_clause(),
            0 => {
                self.t("provider");
                self.name();
            }
            1 => {
                self.t("customer");
                self.name();
            }
            2 => {
                self.t("status");
                self.pick(&["signed", "draft"]);
            }
            3 => {
                self.t("valid");
                if self.chance(30) {
                    self.t("from");
                    self.pick(DATES);
                } else {
                    self.t("2026-09-01");
                    self.t("..");
                    self.t("2027-08-31");
                }
            }
            4 => {
                self.t("review");
                self.t("every");
                self.pick(PERIODS);
                if self.chance(50) {
                    self.t("last");
                    self.pick(DATES);
                }
            }
            5 => {
                self.t("fee");
                self.pick(&["18000", "12.50"]);
                self.t("GBP");
                self.t("per");
                self.pick(PERIODS);
            }
            6 | 7 => {
                self.pick(&["credit", "reward"]);
                self.amount();
                if self.chance(70) {
                    self.t("when");
                    self.condition();
                    for _ in 0..self.rng.below(3) {
                        self.qualifier();
                    }
                } else {
                    self.t("for");
                    self.t("each");
                    self.pick(&["60min", "1%"]);
                    if self.chance(50) {
                        self.t("of");
                        self.t("downtime");
                    }
                    if self.chance(50) {
                        self.pick(&["below", "above"]);
                        self.pick(&["99.9%", "4.5"]);
                    }
                }
            }
            8 => {
                self.t("credits");
                self.t("capped");
                self.t("at");
                self.amount();
                if self.chance(50) {
                    self.t("per");
                    self.pick(PERIODS);
                }
            }
            9 => {
                self.t("claim");
                self.t("within");
                self.t("30d");
                if self.chance(50) {
                    self.t("after");
                    self.t("month");
                    self.t("end");
                }
            }
            10 => {
                self.t("earn");
                self.t("back");
                self.t("credits");
                self.t("when");
                self.condition();
                for _ in 0..self.rng.below(3) {
                    self.qualifier();
                }
                self.t("for");
                self.t("3");
                self.t("consecutive");
                self.t("months");
            }
            _ => self.target(),
        }
    }

    fn body<F: FnMut(&mut Self)>(&mut self, max: usize, mut clause: F) {
        self.t("{");
        for _ in 0..self.rng.below(max + 1) {
            clause(self);
            self.out.push(Piece::Semi);
        }
        self.t("}");
    }

    fn item(&mut self) {
        match self.rng.below(9) {
            0 | 1 => {
                self.t("party");
                self.name();
                self.title();
                self.t(":");
                self.pick(&["team", "organization", "customer", "users", "supplier"]);
                if self.chance(40) {
                    self.t("of");
                    self.name();
                }
            }
            2 => {
                self.t("service");
                self.name();
                self.title();
                self.body(3, |g| match g.rng.below(3) {
                    0 => {
                        g.t("owner");
                        g.name();
                    }
                    1 => {
                        g.t("users");
                        g.list(3, false, Self::name);
                    }
                    _ => {
                        g.t("depends");
                        g.t("on");
                        g.list(3, false, Self::name);
                    }
                });
            }
            3 if self.chance(30) => {
                // A calendar defined by another document: days without
                // hours (each ends its line) and named holiday sets.
                self.t("calendar");
                self.name();
                self.title();
                self.t("defined");
                self.t("by");
                self.pick(STRINGS);
                // One day line at most: a second one on the same line would
                // read as a forgotten comma.
                let mut days_done = false;
                self.body(4, |g| match g.rng.below(3) {
                    0 => {
                        g.t("timezone");
                        g.t("\"America/Chicago\"");
                    }
                    1 => {
                        g.t("except");
                        g.t("holidays");
                        if g.chance(70) {
                            g.pick(&[r#""public holidays""#, r#""bank holidays""#]);
                        }
                    }
                    _ if days_done => {
                        g.t("timezone");
                        g.t("\"UTC\"");
                    }
                    _ => {
                        days_done = true;
                        g.list(3, false, |g| {
                            g.pick(DAYS);
                            if g.chance(40) {
                                g.t("..");
                                g.pick(DAYS);
                            }
                        });
                    }
                });
            }
            3 => {
                self.t("calendar");
                self.name();
                self.title();
                self.body(4, |g| match g.rng.below(3) {
                    0 => {
                        g.t("timezone");
                        g.t("\"Europe/London\"");
                    }
                    1 => {
                        g.t("except");
                        g.list(12, false, |g| {
                            g.pick(DATES);
                            if g.chance(40) {
                                g.t("..");
                                g.pick(DATES);
                            }
                        });
                    }
                    _ => {
                        g.list(3, false, |g| {
                            g.pick(DAYS);
                            if g.chance(40) {
                                g.t("..");
                                g.pick(DAYS);
                            }
                        });
                        g.list(3, false, |g| {
                            let span = g.rng.pick(TIME_SPANS);
                            let (a, b) = span.split_once("..").unwrap_or((span, span));
                            g.t(a);
                            g.t("..");
                            g.t(b);
                        });
                    }
                });
            }
            4 => {
                self.t("metric");
                self.name();
                self.title();
                self.body(3, |g| match g.rng.below(3) {
                    0 => {
                        g.t("unit");
                        if g.chance(50) {
                            g.t("score");
                            g.value();
                            g.t("..");
                            g.value();
                        } else {
                            g.pick(&["percent", "duration", "count"]);
                        }
                    }
                    1 => {
                        g.t("better");
                        g.pick(&["higher", "lower"]);
                    }
                    _ => {
                        g.t("category");
                        g.pick(&["experience", "warranty"]);
                    }
                });
            }
            5 if self.chance(40) => {
                self.t("scale");
                self.name();
                self.title();
                self.body(4, |g| {
                    g.pick(&["high", "medium", "low", "very_high"]);
                    g.title();
                });
            }
            5 if self.chance(50) => {
                // Derived from two scales (matrix cells) or one field (thresholds).
                let matrix = self.chance(50);
                self.t("priorities");
                self.name();
                self.title();
                self.t("from");
                self.pick(&["urgency", "impact"]);
                if matrix {
                    self.t("x");
                    self.pick(&["impact", "reach"]);
                }
                self.body(4, |g| {
                    g.pick(&["critical", "high", "p1", "a_long_level_name"]);
                    g.title();
                    g.t("when");
                    if matrix {
                        g.list(3, false, |g| {
                            g.t("(");
                            g.pick(&["high", "medium", "low"]);
                            g.t(",");
                            g.pick(&["high", "medium", "low"]);
                            g.t(")");
                        });
                    } else {
                        g.list(2, false, |g| {
                            g.pick(&[">=", "<", ">"]);
                            g.pick(&["10", "100", "5"]);
                        });
                    }
                });
            }
            5 => {
                self.t("priorities");
                self.name();
                self.title();
                self.body(4, |g| {
                    g.name();
                    g.title();
                });
            }
            _ => {
                self.pick(&["sla", "ola", "xla", "contract"]);
                self.name();
                self.title();
                self.t("for");
                self.name();
                self.body(8, Self::body_clause);
            }
        }
    }

    /// A whole file of 1 to 6 items; `noise` adds random whitespace,
    /// comments and `;`.
    pub fn file(mut self, noise: bool) -> String {
        for _ in 0..1 + self.rng.below(6) {
            self.item();
            self.out.push(Piece::Semi);
        }
        let pieces = std::mem::take(&mut self.out);
        let mut s = String::new();
        let mut glue = false;
        for p in pieces {
            match p {
                Piece::Glue => glue = true,
                Piece::Semi => {
                    if noise && self.rng.chance(25) {
                        s.push(';');
                    }
                }
                Piece::Tok(t) => {
                    if !s.is_empty() && !glue {
                        if noise {
                            s.push_str(&separator(&mut self.rng));
                        } else {
                            s.push(' ');
                        }
                    }
                    glue = false;
                    s.push_str(&t);
                }
            }
        }
        s.push('\n');
        s
    }
}

/// Random whitespace, sometimes with a comment (always ended by a newline).
pub fn separator(rng: &mut Rng) -> String {
    const WORDS: &[&str] = &["note", "see schedule 3", "TODO", "x; y", "a // b", ""];
    let w = rng.pick(WORDS);
    match rng.below(16) {
        0 => "\n".to_owned(),
        1 => "\n\n\n".to_owned(),
        2 => "\t".to_owned(),
        3 => "   ".to_owned(),
        4 => "\r\n    ".to_owned(),
        5 => format!("  // {w}\n"),
        6 => format!("\n// {w}\n"),
        7 => format!("\n\n//// {w}\n\n"),
        8 => format!("\n/// {w}\n"),
        9 => format!("//{w}   \n"),
        _ => " ".to_owned(),
    }
}

/// Re-spaces a real source: keeps its tokens and comments, adds random
/// whitespace and comments between tokens, and `;` after clauses and items.
pub fn perturb(src: &str, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let lexed = abide_syntax::lexer::lex(src);
    let parsed = abide_syntax::parse(src);
    // Where a `;` may follow: ends of items and of body clauses.
    let mut semi_ok: Vec<u32> = Vec::new();
    for item in &parsed.file.items {
        semi_ok.push(item.span.end);
        match &item.kind {
            ItemKind::Service(s) => semi_ok.extend(s.clauses.iter().map(|c| c.span.end)),
            ItemKind::Calendar(c) => semi_ok.extend(c.clauses.iter().map(|c| c.span.end)),
            ItemKind::Metric(m) => semi_ok.extend(m.clauses.iter().map(|c| c.span.end)),
            ItemKind::Priorities(p) => semi_ok.extend(p.levels.iter().map(|l| l.span.end)),
            ItemKind::Scale(s) => semi_ok.extend(s.levels.iter().map(|l| l.span.end)),
            ItemKind::Agreement(a) => semi_ok.extend(a.clauses.iter().map(|c| c.span.end)),
            ItemKind::Party(_) => {}
        }
    }
    let mut out = String::new();
    let mut at = 0usize;
    for (k, &(start, _, end)) in lexed.tokens.iter().enumerate() {
        let gap = &src[at..start];
        let after_sign = k > 0 && matches!(lexed.tokens[k - 1].1, Token::Plus | Token::Minus);
        if after_sign || k == 0 {
            out.push_str(gap);
        } else {
            if rng.chance(25) {
                out.push_str(&separator(&mut rng));
            }
            if gap.chars().all(char::is_whitespace) && !gap.is_empty() && rng.chance(40) {
                out.push_str(&separator(&mut rng));
            } else {
                out.push_str(gap);
            }
        }
        out.push_str(&src[start..end]);
        at = end;
        if semi_ok.contains(&(end as u32)) && rng.chance(30) {
            out.push(';');
        }
    }
    out.push_str(&src[at..]);
    out
}
