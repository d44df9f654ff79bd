//! The logos token enum for the whole language and the list of reserved words.
//!
//! Lexing follows GRAMMAR.md §1.A and §2.1: a number with any glued suffix is
//! one [`Token::Quantity`] (its unit is validated later, so `30sec` gets a
//! did-you-mean instead of "unexpected `ec`"); dates and times are lexed
//! loosely and validated once with a span; comments are tokens here but never
//! reach the parser (they become trivia, see `lexer.rs`).

use logos::Logos;

/// One token of Abide source. Payloads borrow the source text.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\x0C]+")]
pub enum Token<'src> {
    // ---- reserved words (exactly GRAMMAR.md §2.2; keep in sync with KEYWORDS) ----
    /// `party`
    #[token("party")]
    Party,
    /// `service`
    #[token("service")]
    Service,
    /// `calendar`
    #[token("calendar")]
    Calendar,
    /// `metric`
    #[token("metric")]
    Metric,
    /// `priorities`
    #[token("priorities")]
    Priorities,
    /// `sla`
    #[token("sla")]
    Sla,
    /// `ola`
    #[token("ola")]
    Ola,
    /// `xla`
    #[token("xla")]
    Xla,
    /// `contract`
    #[token("contract")]
    Contract,
    /// `target`
    #[token("target")]
    Target,
    /// `supported`
    #[token("supported")]
    Supported,
    /// `by`
    #[token("by")]
    By,
    /// `for`
    #[token("for")]
    For,
    /// `of`
    #[token("of")]
    Of,
    /// `where`
    #[token("where")]
    Where,
    /// `in`
    #[token("in")]
    In,
    /// `during`
    #[token("during")]
    During,
    /// `per`
    #[token("per")]
    Per,
    /// `over`
    #[token("over")]
    Over,
    /// `rolling`
    #[token("rolling")]
    Rolling,
    /// `each`
    #[token("each")]
    Each,
    /// `measured`
    #[token("measured")]
    Measured,
    /// `credit`
    #[token("credit")]
    Credit,
    /// `credits`
    #[token("credits")]
    Credits,
    /// `reward`
    #[token("reward")]
    Reward,
    /// `when`
    #[token("when")]
    When,
    /// `rising`
    #[token("rising")]
    Rising,
    /// `to`
    #[token("to")]
    To,
    /// `from`
    #[token("from")]
    From,
    /// `provider`
    #[token("provider")]
    Provider,
    /// `customer`
    #[token("customer")]
    Customer,
    /// `users`
    #[token("users")]
    Users,
    /// `owner`
    #[token("owner")]
    Owner,
    /// `depends`
    #[token("depends")]
    Depends,
    /// `on`
    #[token("on")]
    On,
    /// `status`
    #[token("status")]
    Status,
    /// `valid`
    #[token("valid")]
    Valid,
    /// `review`
    #[token("review")]
    Review,
    /// `every`
    #[token("every")]
    Every,
    /// `last`
    #[token("last")]
    Last,
    /// `fee`
    #[token("fee")]
    Fee,
    /// `timezone`
    #[token("timezone")]
    Timezone,
    /// `except`
    #[token("except")]
    Except,
    /// `excluding`
    #[token("excluding")]
    Excluding,
    /// `minimum`
    #[token("minimum")]
    Minimum,
    /// `claim`
    #[token("claim")]
    Claim,
    /// `within`
    #[token("within")]
    Within,
    /// `capped`
    #[token("capped")]
    Capped,
    /// `earn`
    #[token("earn")]
    Earn,
    /// `back`
    #[token("back")]
    Back,
    /// `unit`
    #[token("unit")]
    Unit,
    /// `better`
    #[token("better")]
    Better,
    /// `category`
    #[token("category")]
    Category,
    /// `supersedes` (v0.2)
    #[token("supersedes")]
    Supersedes,
    /// `extends` (v0.2)
    #[token("extends")]
    Extends,
    /// `prevails` (v0.2)
    #[token("prevails")]
    Prevails,
    /// `action` (v0.2)
    #[token("action")]
    Action,
    /// `lasting` (v0.2)
    #[token("lasting")]
    Lasting,
    /// `changes` (v0.2)
    #[token("changes")]
    Changes,
    /// `scale` (v0.2)
    #[token("scale")]
    Scale,
    /// `defined` (v0.2)
    #[token("defined")]
    Defined,
    /// `if` (v0.2)
    #[token("if")]
    If,

    // ---- punctuation ----
    /// `{`
    #[token("{")]
    LBrace,
    /// `}`
    #[token("}")]
    RBrace,
    /// `(`
    #[token("(")]
    LParen,
    /// `)`
    #[token(")")]
    RParen,
    /// `[`
    #[token("[")]
    LBracket,
    /// `]`
    #[token("]")]
    RBracket,
    /// `,`
    #[token(",")]
    Comma,
    /// `;`
    #[token(";")]
    Semi,
    /// `:`
    #[token(":")]
    Colon,
    /// `.`
    #[token(".")]
    Dot,
    /// `..`
    #[token("..")]
    DotDot,
    /// `=`
    #[token("=")]
    Eq,
    /// `<`
    #[token("<")]
    Lt,
    /// `<=`
    #[token("<=")]
    Le,
    /// `>`
    #[token(">")]
    Gt,
    /// `>=`
    #[token(">=")]
    Ge,
    /// `+`
    #[token("+")]
    Plus,
    /// `-`
    #[token("-")]
    Minus,

    // ---- literals and words ----
    /// A lower_snake_case identifier (`campus_wifi`).
    #[regex(r"[a-z][a-z0-9_]*", |lex| lex.slice())]
    Ident(&'src str),
    /// Three capital letters: an ISO 4217 currency code (`GBP`), validated later.
    #[regex(r"[A-Z][A-Z][A-Z]", |lex| lex.slice(), priority = 5)]
    Currency(&'src str),
    /// Any other word shape (`campusWifi`, `P1`, `_x`): reported, then parsed as an identifier.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", |lex| lex.slice(), priority = 0)]
    BadWord(&'src str),
    /// A number with an optional glued suffix (`99.5%`, `15min`, `100/s`, `30sec`).
    #[regex(r"[0-9]+(\.[0-9]+)?(%|[A-Za-z_][A-Za-z0-9_]*|/[A-Za-z]+)?", |lex| lex.slice())]
    Quantity(&'src str),
    /// A date or a month, loosely lexed (`2026-09-01`, `2026-09`; `2026-9-1` is lexed too and rejected with a span).
    #[regex(r"[0-9]+-[0-9]+(-[0-9]+)?", |lex| lex.slice())]
    Date(&'src str),
    /// A time of day, loosely lexed (`08:00`).
    #[regex(r"[0-9]+:[0-9]+", |lex| lex.slice())]
    Time(&'src str),
    /// A double-quoted string, quotes and escapes included as written.
    #[regex(r#""([^"\\\n]|\\[^\n])*""#, |lex| lex.slice())]
    Str(&'src str),
    /// A string with no closing quote on its line (an error; lexing resumes on the next line).
    #[regex(r#""([^"\\\n]|\\[^\n])*"#, |lex| lex.slice())]
    UnterminatedStr(&'src str),

    // ---- contextual keywords (never produced by logos; see `lexer::promote`) ----
    /// `downtime` directly before `when`: starts an error-rate clause (v0.2).
    DowntimeRule,
    /// `uptime` directly before `from`: starts an error-rate clause (v0.2).
    UptimeRule,
    /// `below` directly before a string: starts a layering clause (v0.2).
    BelowDocs,

    // ---- trivia (never passed to the parser) ----
    /// `// …` or `//// …`: an ordinary comment.
    #[regex(r"//[^\n]*", |lex| lex.slice(), allow_greedy = true)]
    #[regex(r"////[^\n]*", |lex| lex.slice(), allow_greedy = true)]
    LineComment(&'src str),
    /// `/// …` (exactly three slashes): a doc comment.
    #[regex(r"///[^\n]*", |lex| lex.slice(), allow_greedy = true)]
    DocComment(&'src str),
    /// A byte-order mark; skipped at offset 0, an error elsewhere.
    #[token("\u{feff}")]
    Bom,
}

/// Every reserved word of the language, in the order of GRAMMAR.md §2.2.
///
/// Tools that must know the keywords (the VS Code grammar, completion) read
/// this list; a test checks it against the token enum.
pub const KEYWORDS: &[&str] = &[
    "party",
    "service",
    "calendar",
    "metric",
    "priorities",
    "sla",
    "ola",
    "xla",
    "contract",
    "target",
    "supported",
    "by",
    "for",
    "of",
    "where",
    "in",
    "during",
    "per",
    "over",
    "rolling",
    "each",
    "measured",
    "credit",
    "credits",
    "reward",
    "when",
    "rising",
    "to",
    "from",
    "provider",
    "customer",
    "users",
    "owner",
    "depends",
    "on",
    "status",
    "valid",
    "review",
    "every",
    "last",
    "fee",
    "timezone",
    "except",
    "excluding",
    "minimum",
    "claim",
    "within",
    "capped",
    "earn",
    "back",
    "unit",
    "better",
    "category",
    "supersedes",
    "extends",
    "prevails",
    "action",
    "lasting",
    "changes",
    "scale",
    "defined",
    "if",
];

/// Every reserved word with its token, in the order of [`KEYWORDS`].
const KEYWORD_TOKENS: &[(&str, Token<'static>)] = &[
    ("party", Token::Party),
    ("service", Token::Service),
    ("calendar", Token::Calendar),
    ("metric", Token::Metric),
    ("priorities", Token::Priorities),
    ("sla", Token::Sla),
    ("ola", Token::Ola),
    ("xla", Token::Xla),
    ("contract", Token::Contract),
    ("target", Token::Target),
    ("supported", Token::Supported),
    ("by", Token::By),
    ("for", Token::For),
    ("of", Token::Of),
    ("where", Token::Where),
    ("in", Token::In),
    ("during", Token::During),
    ("per", Token::Per),
    ("over", Token::Over),
    ("rolling", Token::Rolling),
    ("each", Token::Each),
    ("measured", Token::Measured),
    ("credit", Token::Credit),
    ("credits", Token::Credits),
    ("reward", Token::Reward),
    ("when", Token::When),
    ("rising", Token::Rising),
    ("to", Token::To),
    ("from", Token::From),
    ("provider", Token::Provider),
    ("customer", Token::Customer),
    ("users", Token::Users),
    ("owner", Token::Owner),
    ("depends", Token::Depends),
    ("on", Token::On),
    ("status", Token::Status),
    ("valid", Token::Valid),
    ("review", Token::Review),
    ("every", Token::Every),
    ("last", Token::Last),
    ("fee", Token::Fee),
    ("timezone", Token::Timezone),
    ("except", Token::Except),
    ("excluding", Token::Excluding),
    ("minimum", Token::Minimum),
    ("claim", Token::Claim),
    ("within", Token::Within),
    ("capped", Token::Capped),
    ("earn", Token::Earn),
    ("back", Token::Back),
    ("unit", Token::Unit),
    ("better", Token::Better),
    ("category", Token::Category),
    ("supersedes", Token::Supersedes),
    ("extends", Token::Extends),
    ("prevails", Token::Prevails),
    ("action", Token::Action),
    ("lasting", Token::Lasting),
    ("changes", Token::Changes),
    ("scale", Token::Scale),
    ("defined", Token::Defined),
    ("if", Token::If),
];

/// Reserved words that may also stand where a free `word` is expected
/// (party kind, `where` field and value, nouns): GRAMMAR.md item 17.
pub const WORD_KEYWORDS: &[&str] = &[
    "customer", "users", "owner", "status", "service", "category", "unit", "fee", "provider",
];

impl Token<'_> {
    /// True for the reserved words.
    #[must_use]
    pub fn is_keyword(&self) -> bool {
        self.keyword_text().is_some()
    }

    /// The text of a reserved word, `None` for anything else.
    #[must_use]
    pub fn keyword_text(&self) -> Option<&'static str> {
        KEYWORD_TOKENS
            .iter()
            .find(|(_, t)| t == self)
            .map(|(k, _)| *k)
    }

    /// The token of a reserved word.
    #[must_use]
    pub fn keyword(text: &str) -> Option<Token<'static>> {
        KEYWORD_TOKENS
            .iter()
            .find(|(k, _)| *k == text)
            .map(|(_, t)| *t)
    }

    /// How the token reads in an error message ("`target`", "the number `99.5%`").
    #[must_use]
    pub fn describe(&self) -> String {
        use Token as T;
        if let Some(k) = self.keyword_text() {
            return format!("the keyword `{k}`");
        }
        match self {
            T::Ident(s) | T::BadWord(s) => format!("the name `{s}`"),
            T::Currency(s) => format!("the currency code `{s}`"),
            T::Quantity(s) => format!("the number `{s}`"),
            T::Date(s) => format!("the date `{s}`"),
            T::Time(s) => format!("the time `{s}`"),
            T::Str(s) | T::UnterminatedStr(s) => format!("the string {s}"),
            T::LineComment(_) | T::DocComment(_) => "a comment".to_owned(),
            T::Bom => "a byte-order mark".to_owned(),
            other => format!("`{}`", other.punct_text()),
        }
    }

    /// Text of a punctuation token (empty for others).
    #[must_use]
    pub fn punct_text(&self) -> &'static str {
        use Token as T;
        match self {
            T::LBrace => "{",
            T::RBrace => "}",
            T::LParen => "(",
            T::RParen => ")",
            T::LBracket => "[",
            T::RBracket => "]",
            T::Comma => ",",
            T::Semi => ";",
            T::Colon => ":",
            T::Dot => ".",
            T::DotDot => "..",
            T::Eq => "=",
            T::Lt => "<",
            T::Le => "<=",
            T::Gt => ">",
            T::Ge => ">=",
            T::Plus => "+",
            T::Minus => "-",
            T::DowntimeRule => "downtime",
            T::UptimeRule => "uptime",
            T::BelowDocs => "below",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        Token::lexer(src)
            .map(|t| match t {
                Ok(t) => format!("{t:?}"),
                Err(()) => "ERR".to_owned(),
            })
            .collect()
    }

    #[test]
    fn every_keyword_lexes_as_its_own_token() {
        for k in KEYWORDS {
            let toks: Vec<_> = Token::lexer(k).collect();
            assert_eq!(toks.len(), 1, "{k}");
            let Some(Ok(t)) = toks.first() else {
                panic!("{k} did not lex")
            };
            assert_eq!(t.keyword_text(), Some(*k));
        }
        assert_eq!(KEYWORDS.len(), 62);
        let table: Vec<&str> = KEYWORD_TOKENS.iter().map(|(k, _)| *k).collect();
        assert_eq!(table, KEYWORDS);
    }

    #[test]
    fn score_range_is_not_a_fraction() {
        assert_eq!(
            kinds("1..5"),
            ["Quantity(\"1\")", "DotDot", "Quantity(\"5\")"]
        );
        assert_eq!(
            kinds("1.5..2.5"),
            ["Quantity(\"1.5\")", "DotDot", "Quantity(\"2.5\")"]
        );
        assert_eq!(
            kinds("1...5"),
            ["Quantity(\"1\")", "DotDot", "Dot", "Quantity(\"5\")"]
        );
    }

    #[test]
    fn glued_suffixes_are_one_token() {
        assert_eq!(kinds("30sec"), ["Quantity(\"30sec\")"]);
        assert_eq!(kinds("15mins"), ["Quantity(\"15mins\")"]);
        assert_eq!(kinds("18000GBP"), ["Quantity(\"18000GBP\")"]);
        assert_eq!(kinds("100/s"), ["Quantity(\"100/s\")"]);
        assert_eq!(
            kinds("100//s"),
            ["Quantity(\"100\")", "LineComment(\"//s\")"]
        );
        assert_eq!(kinds("99.5%"), ["Quantity(\"99.5%\")"]);
    }

    #[test]
    fn words_dates_times_and_comments() {
        assert_eq!(kinds("GBP UTC"), ["Currency(\"GBP\")", "Currency(\"UTC\")"]);
        assert_eq!(kinds("campusWifi"), ["BadWord(\"campusWifi\")"]);
        assert_eq!(kinds("p99"), ["Ident(\"p99\")"]);
        assert_eq!(kinds("2026-9-1"), ["Date(\"2026-9-1\")"]);
        assert_eq!(kinds("9:30"), ["Time(\"9:30\")"]);
        assert_eq!(
            kinds("/// a\n//// b\n// c"),
            [
                "DocComment(\"/// a\")",
                "LineComment(\"//// b\")",
                "LineComment(\"// c\")"
            ]
        );
        assert_eq!(kinds(r#""x//y""#), ["Str(\"\\\"x//y\\\"\")"]);
        assert_eq!(
            kinds("\"abc\nx"),
            ["UnterminatedStr(\"\\\"abc\")", "Ident(\"x\")"]
        );
    }
}
