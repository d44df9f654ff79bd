//! "Did you mean …?": the closest candidate by edit distance.

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
#[must_use]
pub fn closest<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != wrong)
        .map(|c| (strsim::damerau_levenshtein(wrong, c), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(wrong) && wrong.len() >= 3))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c.to_owned())
}

/// `did you mean `x`?`, or nothing.
#[must_use]
pub fn help(wrong: &str, candidates: impl Iterator<Item = impl AsRef<str>>) -> Option<String> {
    let owned: Vec<String> = candidates.map(|c| c.as_ref().to_owned()).collect();
    closest(wrong, owned.iter().map(String::as_str)).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested() {
        let names = ["availability", "response_time", "resolution_time"];
        assert_eq!(
            closest("availabilty", names.into_iter()).as_deref(),
            Some("availability")
        );
        assert_eq!(
            closest("resolution_tme", names.into_iter()).as_deref(),
            Some("resolution_time")
        );
        assert_eq!(closest("zebra", names.into_iter()), None);
    }
}
