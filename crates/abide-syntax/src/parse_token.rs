//! The parser's token: a [`Token`] without its text.
//!
//! LALRPOP moves every token through its driver several times (into its
//! lookahead, into a stack slot). A `Token` is 24 bytes, a tag and a `&str`;
//! a `Tok` is one byte. The text a token carries is always exactly the
//! source between its start and end (a glued `99.5 %` included), so the
//! grammar's actions read it from the source instead (`text`), and
//! [`Tok::token`] rebuilds the `Token` (for `lexer::lex` and for error
//! messages).

use crate::token::Token;

/// The kind of a [`Token`], variant for variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// [`Token::Party`]
    Party,
    /// [`Token::Service`]
    Service,
    /// [`Token::Calendar`]
    Calendar,
    /// [`Token::Metric`]
    Metric,
    /// [`Token::Priorities`]
    Priorities,
    /// [`Token::Sla`]
    Sla,
    /// [`Token::Ola`]
    Ola,
    /// [`Token::Xla`]
    Xla,
    /// [`Token::Contract`]
    Contract,
    /// [`Token::Target`]
    Target,
    /// [`Token::Supported`]
    Supported,
    /// [`Token::By`]
    By,
    /// [`Token::For`]
    For,
    /// [`Token::Of`]
    Of,
    /// [`Token::Where`]
    Where,
    /// [`Token::In`]
    In,
    /// [`Token::During`]
    During,
    /// [`Token::Per`]
    Per,
    /// [`Token::Over`]
    Over,
    /// [`Token::Rolling`]
    Rolling,
    /// [`Token::Each`]
    Each,
    /// [`Token::Measured`]
    Measured,
    /// [`Token::Credit`]
    Credit,
    /// [`Token::Credits`]
    Credits,
    /// [`Token::Reward`]
    Reward,
    /// [`Token::When`]
    When,
    /// [`Token::Rising`]
    Rising,
    /// [`Token::To`]
    To,
    /// [`Token::From`]
    From,
    /// [`Token::Provider`]
    Provider,
    /// [`Token::Customer`]
    Customer,
    /// [`Token::Users`]
    Users,
    /// [`Token::Owner`]
    Owner,
    /// [`Token::Depends`]
    Depends,
    /// [`Token::On`]
    On,
    /// [`Token::Status`]
    Status,
    /// [`Token::Valid`]
    Valid,
    /// [`Token::Review`]
    Review,
    /// [`Token::Every`]
    Every,
    /// [`Token::Last`]
    Last,
    /// [`Token::Fee`]
    Fee,
    /// [`Token::Timezone`]
    Timezone,
    /// [`Token::Except`]
    Except,
    /// [`Token::Excluding`]
    Excluding,
    /// [`Token::Minimum`]
    Minimum,
    /// [`Token::Claim`]
    Claim,
    /// [`Token::Within`]
    Within,
    /// [`Token::Capped`]
    Capped,
    /// [`Token::Earn`]
    Earn,
    /// [`Token::Back`]
    Back,
    /// [`Token::Unit`]
    Unit,
    /// [`Token::Better`]
    Better,
    /// [`Token::Category`]
    Category,
    /// [`Token::Supersedes`]
    Supersedes,
    /// [`Token::Extends`]
    Extends,
    /// [`Token::Prevails`]
    Prevails,
    /// [`Token::Action`]
    Action,
    /// [`Token::Lasting`]
    Lasting,
    /// [`Token::Changes`]
    Changes,
    /// [`Token::Scale`]
    Scale,
    /// [`Token::Defined`]
    Defined,
    /// [`Token::If`]
    If,
    /// [`Token::LBrace`]
    LBrace,
    /// [`Token::RBrace`]
    RBrace,
    /// [`Token::LParen`]
    LParen,
    /// [`Token::RParen`]
    RParen,
    /// [`Token::LBracket`]
    LBracket,
    /// [`Token::RBracket`]
    RBracket,
    /// [`Token::Comma`]
    Comma,
    /// [`Token::Semi`]
    Semi,
    /// [`Token::Colon`]
    Colon,
    /// [`Token::Dot`]
    Dot,
    /// [`Token::DotDot`]
    DotDot,
    /// [`Token::Eq`]
    Eq,
    /// [`Token::Lt`]
    Lt,
    /// [`Token::Le`]
    Le,
    /// [`Token::Gt`]
    Gt,
    /// [`Token::Ge`]
    Ge,
    /// [`Token::Plus`]
    Plus,
    /// [`Token::Minus`]
    Minus,
    /// [`Token::Ident`]
    Ident,
    /// [`Token::Currency`]
    Currency,
    /// [`Token::BadWord`]
    BadWord,
    /// [`Token::Quantity`]
    Quantity,
    /// [`Token::Date`]
    Date,
    /// [`Token::Time`]
    Time,
    /// [`Token::Str`]
    Str,
    /// [`Token::UnterminatedStr`]
    UnterminatedStr,
    /// [`Token::DowntimeRule`]
    DowntimeRule,
    /// [`Token::UptimeRule`]
    UptimeRule,
    /// [`Token::BelowDocs`]
    BelowDocs,
    /// [`Token::LineComment`]
    LineComment,
    /// [`Token::DocComment`]
    DocComment,
    /// [`Token::Bom`]
    Bom,
}

impl Tok {
    /// The kind of `token`.
    #[inline]
    pub(crate) fn of(token: Token<'_>) -> Tok {
        match token {
            Token::Party => Tok::Party,
            Token::Service => Tok::Service,
            Token::Calendar => Tok::Calendar,
            Token::Metric => Tok::Metric,
            Token::Priorities => Tok::Priorities,
            Token::Sla => Tok::Sla,
            Token::Ola => Tok::Ola,
            Token::Xla => Tok::Xla,
            Token::Contract => Tok::Contract,
            Token::Target => Tok::Target,
            Token::Supported => Tok::Supported,
            Token::By => Tok::By,
            Token::For => Tok::For,
            Token::Of => Tok::Of,
            Token::Where => Tok::Where,
            Token::In => Tok::In,
            Token::During => Tok::During,
            Token::Per => Tok::Per,
            Token::Over => Tok::Over,
            Token::Rolling => Tok::Rolling,
            Token::Each => Tok::Each,
            Token::Measured => Tok::Measured,
            Token::Credit => Tok::Credit,
            Token::Credits => Tok::Credits,
            Token::Reward => Tok::Reward,
            Token::When => Tok::When,
            Token::Rising => Tok::Rising,
            Token::To => Tok::To,
            Token::From => Tok::From,
            Token::Provider => Tok::Provider,
            Token::Customer => Tok::Customer,
            Token::Users => Tok::Users,
            Token::Owner => Tok::Owner,
            Token::Depends => Tok::Depends,
            Token::On => Tok::On,
            Token::Status => Tok::Status,
            Token::Valid => Tok::Valid,
            Token::Review => Tok::Review,
            Token::Every => Tok::Every,
            Token::Last => Tok::Last,
            Token::Fee => Tok::Fee,
            Token::Timezone => Tok::Timezone,
            Token::Except => Tok::Except,
            Token::Excluding => Tok::Excluding,
            Token::Minimum => Tok::Minimum,
            Token::Claim => Tok::Claim,
            Token::Within => Tok::Within,
            Token::Capped => Tok::Capped,
            Token::Earn => Tok::Earn,
            Token::Back => Tok::Back,
            Token::Unit => Tok::Unit,
            Token::Better => Tok::Better,
            Token::Category => Tok::Category,
            Token::Supersedes => Tok::Supersedes,
            Token::Extends => Tok::Extends,
            Token::Prevails => Tok::Prevails,
            Token::Action => Tok::Action,
            Token::Lasting => Tok::Lasting,
            Token::Changes => Tok::Changes,
            Token::Scale => Tok::Scale,
            Token::Defined => Tok::Defined,
            Token::If => Tok::If,
            Token::LBrace => Tok::LBrace,
            Token::RBrace => Tok::RBrace,
            Token::LParen => Tok::LParen,
            Token::RParen => Tok::RParen,
            Token::LBracket => Tok::LBracket,
            Token::RBracket => Tok::RBracket,
            Token::Comma => Tok::Comma,
            Token::Semi => Tok::Semi,
            Token::Colon => Tok::Colon,
            Token::Dot => Tok::Dot,
            Token::DotDot => Tok::DotDot,
            Token::Eq => Tok::Eq,
            Token::Lt => Tok::Lt,
            Token::Le => Tok::Le,
            Token::Gt => Tok::Gt,
            Token::Ge => Tok::Ge,
            Token::Plus => Tok::Plus,
            Token::Minus => Tok::Minus,
            Token::Ident(_) => Tok::Ident,
            Token::Currency(_) => Tok::Currency,
            Token::BadWord(_) => Tok::BadWord,
            Token::Quantity(_) => Tok::Quantity,
            Token::Date(_) => Tok::Date,
            Token::Time(_) => Tok::Time,
            Token::Str(_) => Tok::Str,
            Token::UnterminatedStr(_) => Tok::UnterminatedStr,
            Token::DowntimeRule => Tok::DowntimeRule,
            Token::UptimeRule => Tok::UptimeRule,
            Token::BelowDocs => Tok::BelowDocs,
            Token::LineComment(_) => Tok::LineComment,
            Token::DocComment(_) => Tok::DocComment,
            Token::Bom => Tok::Bom,
        }
    }

    /// The token of this kind at `start..end` in `src`: the text, for the
    /// kinds that carry one, is the source in between.
    pub(crate) fn token(self, src: &str, start: usize, end: usize) -> Token<'_> {
        let text = || src.get(start..end).unwrap_or("");
        match self {
            Tok::Party => Token::Party,
            Tok::Service => Token::Service,
            Tok::Calendar => Token::Calendar,
            Tok::Metric => Token::Metric,
            Tok::Priorities => Token::Priorities,
            Tok::Sla => Token::Sla,
            Tok::Ola => Token::Ola,
            Tok::Xla => Token::Xla,
            Tok::Contract => Token::Contract,
            Tok::Target => Token::Target,
            Tok::Supported => Token::Supported,
            Tok::By => Token::By,
            Tok::For => Token::For,
            Tok::Of => Token::Of,
            Tok::Where => Token::Where,
            Tok::In => Token::In,
            Tok::During => Token::During,
            Tok::Per => Token::Per,
            Tok::Over => Token::Over,
            Tok::Rolling => Token::Rolling,
            Tok::Each => Token::Each,
            Tok::Measured => Token::Measured,
            Tok::Credit => Token::Credit,
            Tok::Credits => Token::Credits,
            Tok::Reward => Token::Reward,
            Tok::When => Token::When,
            Tok::Rising => Token::Rising,
            Tok::To => Token::To,
            Tok::From => Token::From,
            Tok::Provider => Token::Provider,
            Tok::Customer => Token::Customer,
            Tok::Users => Token::Users,
            Tok::Owner => Token::Owner,
            Tok::Depends => Token::Depends,
            Tok::On => Token::On,
            Tok::Status => Token::Status,
            Tok::Valid => Token::Valid,
            Tok::Review => Token::Review,
            Tok::Every => Token::Every,
            Tok::Last => Token::Last,
            Tok::Fee => Token::Fee,
            Tok::Timezone => Token::Timezone,
            Tok::Except => Token::Except,
            Tok::Excluding => Token::Excluding,
            Tok::Minimum => Token::Minimum,
            Tok::Claim => Token::Claim,
            Tok::Within => Token::Within,
            Tok::Capped => Token::Capped,
            Tok::Earn => Token::Earn,
            Tok::Back => Token::Back,
            Tok::Unit => Token::Unit,
            Tok::Better => Token::Better,
            Tok::Category => Token::Category,
            Tok::Supersedes => Token::Supersedes,
            Tok::Extends => Token::Extends,
            Tok::Prevails => Token::Prevails,
            Tok::Action => Token::Action,
            Tok::Lasting => Token::Lasting,
            Tok::Changes => Token::Changes,
            Tok::Scale => Token::Scale,
            Tok::Defined => Token::Defined,
            Tok::If => Token::If,
            Tok::LBrace => Token::LBrace,
            Tok::RBrace => Token::RBrace,
            Tok::LParen => Token::LParen,
            Tok::RParen => Token::RParen,
            Tok::LBracket => Token::LBracket,
            Tok::RBracket => Token::RBracket,
            Tok::Comma => Token::Comma,
            Tok::Semi => Token::Semi,
            Tok::Colon => Token::Colon,
            Tok::Dot => Token::Dot,
            Tok::DotDot => Token::DotDot,
            Tok::Eq => Token::Eq,
            Tok::Lt => Token::Lt,
            Tok::Le => Token::Le,
            Tok::Gt => Token::Gt,
            Tok::Ge => Token::Ge,
            Tok::Plus => Token::Plus,
            Tok::Minus => Token::Minus,
            Tok::Ident => Token::Ident(text()),
            Tok::Currency => Token::Currency(text()),
            Tok::BadWord => Token::BadWord(text()),
            Tok::Quantity => Token::Quantity(text()),
            Tok::Date => Token::Date(text()),
            Tok::Time => Token::Time(text()),
            Tok::Str => Token::Str(text()),
            Tok::UnterminatedStr => Token::UnterminatedStr(text()),
            Tok::DowntimeRule => Token::DowntimeRule,
            Tok::UptimeRule => Token::UptimeRule,
            Tok::BelowDocs => Token::BelowDocs,
            Tok::LineComment => Token::LineComment(text()),
            Tok::DocComment => Token::DocComment(text()),
            Tok::Bom => Token::Bom,
        }
    }
}

/// The source text between two parser locations.
#[inline]
pub(crate) fn text(src: &str, start: u32, end: u32) -> &str {
    src.get(start as usize..end as usize).unwrap_or("")
}
