//! Search words (检索词): what an order's title and address are indexed
//! under, and what a search looks them up by. Chinese has no spaces between
//! words, so a text is cut into runs of letters and digits, and each run into
//! its characters and every two neighbours (`楼道灯` → 楼 道 灯 楼道 道灯).
//! A search finds the orders that have all of its pairs (or its character,
//! when it is one), in an index the engine keeps (SQLite's FTS5, a GIN index
//! on PostgreSQL); the exact words are then checked on those orders alone.

use std::collections::BTreeSet;

/// Lower-cased runs of letters and digits.
fn runs(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().flat_map(char::to_lowercase).collect())
}

/// The words texts are indexed under, once each, space-separated.
pub fn grams(texts: &[&str]) -> String {
    let mut words = BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            for c in &run {
                words.insert(c.to_string());
            }
            for pair in run.windows(2) {
                words.insert(pair.iter().collect::<String>());
            }
        }
    }
    words.into_iter().collect::<Vec<_>>().join(" ")
}

/// The words a search looks up: all of them must be there. Empty when the
/// search has no letter or digit.
pub fn query_grams(search: &str) -> Vec<String> {
    let mut words = BTreeSet::new();
    for run in runs(search) {
        if let [c] = run.as_slice() {
            words.insert(c.to_string());
        }
        for pair in run.windows(2) {
            words.insert(pair.iter().collect::<String>());
        }
    }
    words.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_indexed_under_its_characters_and_their_neighbours() {
        assert_eq!(grams(&["楼道灯"]), "楼 楼道 灯 道 道灯");
        assert_eq!(
            grams(&["AC 不冷", "1号楼"]),
            "1 1号 a ac c 不 不冷 冷 号 号楼 楼"
        );
        assert_eq!(grams(&["", "—"]), "");
    }

    #[test]
    fn a_search_looks_up_pairs_or_its_one_character() {
        assert_eq!(query_grams("楼道灯"), ["楼道", "道灯"]);
        assert_eq!(query_grams("灯"), ["灯"]);
        assert_eq!(query_grams("漏水 3号"), ["3号", "漏水"]);
        assert!(query_grams("%_-").is_empty());
    }

    #[test]
    fn every_word_of_a_search_is_among_the_words_of_a_text_that_contains_it() {
        let text = "幸福小区3号楼楼道灯不亮 Room 1802";
        let indexed: BTreeSet<String> = grams(&[text]).split(' ').map(str::to_string).collect();
        for search in ["楼道灯", "灯", "3号楼", "room", "80", "不亮"] {
            for w in query_grams(search) {
                assert!(indexed.contains(&w), "{search}: {w}");
            }
        }
    }
}
