//! What people not serving an order may see of the person who placed it.

/// First character and two stars: 王秀英 → 王**.
pub fn mask_name(name: &str) -> String {
    match name.chars().next() {
        Some(first) => format!("{first}**"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_first_character() {
        assert_eq!(mask_name("王秀英"), "王**");
        assert_eq!(mask_name("Li"), "L**");
        assert_eq!(mask_name(""), "");
    }
}
