//! The pest parser generated from `grammar/policy.pest`, and the words syntax
//! errors use for its rules.

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "grammar/policy.pest"]
pub(crate) struct PolicyParser;

impl Rule {
    /// How a syntax error names what was expected: the DSL's words, never a
    /// rule name.
    pub(crate) fn display(self) -> String {
        let debug = format!("{self:?}");
        if let Some(word) = debug.strip_prefix("kw_") {
            return format!("`{}`", word.replace('_', "-"));
        }
        if let Some(decl) = debug.strip_suffix("_decl") {
            return format!("a `{}` declaration", decl.replace('_', "-"));
        }
        match self {
            Rule::ident => "a name".into(),
            Rule::reference => "a data category".into(),
            Rule::string_line | Rule::string_block | Rule::text_value | Rule::title => {
                "a string".into()
            }
            Rule::translation => "a translation (`en \"…\"`)".into(),
            Rule::date => "a date (YYYY-MM-DD)".into(),
            Rule::duration => "a duration such as `5y` or `15wd`".into(),
            Rule::number => "a number".into(),
            Rule::yes_no => "`yes` or `no`".into(),
            Rule::volume_band => "a volume band such as `over-1m`".into(),
            Rule::lbrace => "`{`".into(),
            Rule::rbrace => "`}`".into(),
            Rule::equals => "`=`".into(),
            Rule::comma => "`,`".into(),
            Rule::EOI => "end of file".into(),
            Rule::ident_list => "a list of names".into(),
            Rule::reference_list | Rule::collect_list => "a list of data categories".into(),
            Rule::collect_item => "a data category".into(),
            Rule::pipe => "`|`".into(),
            Rule::etc => "`etc`".into(),
            Rule::collects_body | Rule::perm_collects_body => "a `collects` body (`{ … }`)".into(),
            Rule::text_list => "a list of strings".into(),
            Rule::need => "`required` or `optional`".into(),
            Rule::defaults_right_target => "`right`".into(),
            Rule::defaults_recipient_target => "`recipient`".into(),
            _ => {
                let name = debug.strip_suffix("_f").unwrap_or(&debug);
                format!("`{}`", name.replace('_', "-"))
            }
        }
    }

    /// Whether this rule is a keyword token.
    pub(crate) fn is_keyword(self) -> bool {
        format!("{self:?}").starts_with("kw_")
    }
}
