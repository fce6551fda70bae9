//! "Did you mean ...?": BuildKit's `suggest.WrapError`, which offers the
//! closest option within an edit distance of 2.

/// The option closest to `value`, if one is at distance 1 or 2 and none is
/// an exact match. Case-insensitive comparison keeps the case style of
/// `value` (all lower, all upper) in the suggestion.
pub fn suggest(value: &str, options: &[&str], case_sensitive: bool) -> Option<String> {
    let folded = if case_sensitive {
        value.to_string()
    } else {
        value.to_lowercase()
    };
    let mut best: Option<String> = None;
    let mut min_distance = 3;
    let length = folded.chars().count();
    for option in options {
        // The distance is at least the difference in length: an option
        // that cannot be closer is not compared.
        let option_length = match case_sensitive {
            true => option.chars().count(),
            false => option.chars().flat_map(char::to_lowercase).count(),
        };
        if option_length.abs_diff(length) >= min_distance {
            continue;
        }
        let option = if case_sensitive {
            option.to_string()
        } else {
            option.to_lowercase()
        };
        if folded == option {
            return None;
        }
        let distance = levenshtein(&folded, &option);
        if distance < min_distance {
            min_distance = distance;
            best = Some(if case_sensitive {
                option
            } else {
                match_case(&option, value)
            });
        }
    }
    best
}

fn match_case(option: &str, original: &str) -> String {
    if original == original.to_lowercase() {
        option.to_lowercase()
    } else if original == original.to_uppercase() {
        option.to_uppercase()
    } else {
        option.to_string()
    }
}

/// Edit distance in characters (insertions, deletions, substitutions).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_option_in_the_callers_case() {
        let options = ["from", "run", "copy"];
        assert_eq!(suggest("FRM", &options, false).as_deref(), Some("FROM"));
        assert_eq!(suggest("rnu", &options, false).as_deref(), Some("run"));
        assert_eq!(suggest("Cpy", &options, false).as_deref(), Some("copy"));
        assert_eq!(suggest("healthcheck", &options, false), None);
        assert_eq!(suggest("from", &options, false), None);
    }

    #[test]
    fn an_exact_match_after_a_near_one_suggests_nothing() {
        assert_eq!(suggest("run", &["rung", "run"], true), None);
        assert_eq!(suggest("RUN", &["rung", "ru", "run"], false), None);
        // The first of equally near options wins, whatever their lengths.
        assert_eq!(
            suggest("abc", &["abcde", "ab", "abd"], true).as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("é", "e"), 1);
    }
}
