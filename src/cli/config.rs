//! The configuration every command runs in: `--config FILE`, or else the
//! nearest `policyc.yaml` upward from each input's directory. Loaded here,
//! once per file found, and handed to the stages (taxonomy extensions and
//! facts to compile, render and diff; rule levels to check) — no stage
//! discovers configuration itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::lang::Lang;
use crate::report::{self, Style};

/// Configurations by path, loaded once each.
pub(crate) struct Configs {
    explicit: Option<Config>,
    found: BTreeMap<Option<PathBuf>, Config>,
    lang: Option<Lang>,
}

/// Which loaded configuration applies to a file: the `--config` one, or the
/// one discovered from the file's directory (`None`: no file found).
#[derive(Clone, Debug)]
pub(crate) enum Which {
    Explicit,
    Found(Option<PathBuf>),
}

impl Configs {
    /// `--config FILE` if given (loaded now), and `--lang`, which overrides
    /// every configuration's `language`. `Err` is the rendered error.
    pub(crate) fn new(explicit: Option<&Path>, lang: Option<Lang>) -> Result<Configs, String> {
        let explicit = match explicit {
            Some(p) => {
                let mut c = Config::load(p).map_err(|e| render(&e))?;
                if lang.is_some() {
                    c.language = lang;
                }
                Some(c)
            }
            None => None,
        };
        Ok(Configs {
            explicit,
            found: BTreeMap::new(),
            lang,
        })
    }

    /// Load (once) the configuration for an input and say which it is, or
    /// the rendered error. `-` (stdin) and git revisions look from the
    /// current directory, or from the directory of the path they name.
    pub(crate) fn load_for(&mut self, file: &Path) -> Result<Which, String> {
        if self.explicit.is_some() {
            return Ok(Which::Explicit);
        }
        let dir = match file.parent() {
            Some(p) if file.as_os_str() != "-" && !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let path = Config::discover(&dir);
        if !self.found.contains_key(&path) {
            let mut config = match &path {
                Some(p) => Config::load(p).map_err(|e| render(&e))?,
                None => Config::default(),
            };
            if self.lang.is_some() {
                config.language = self.lang;
            }
            self.found.insert(path.clone(), config);
        }
        Ok(Which::Found(path))
    }

    pub(crate) fn get(&self, which: &Which) -> Result<&Config, String> {
        match which {
            Which::Explicit => self.explicit.as_ref(),
            Which::Found(path) => self.found.get(path),
        }
        .ok_or_else(|| "configuration cache".to_string())
    }
}

/// The configuration of a command that reads one policy (render, diff),
/// or the rendered error.
pub(crate) fn for_file(
    explicit: Option<&Path>,
    lang: Option<Lang>,
    file: &Path,
) -> Result<Config, String> {
    let mut configs = Configs::new(explicit, lang)?;
    let which = configs.load_for(file)?;
    configs.get(&which).cloned()
}

/// Show a rendered configuration error; the run ends with exit 2.
pub(crate) fn failed(rendered: &str) -> crate::exit::ExitStatus {
    crate::output::Stderr::new().write(rendered);
    crate::exit::ExitStatus::Error
}

fn render(e: &crate::config::ConfigError) -> String {
    report::render(e, Style::for_stderr())
}
