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
    threads: usize,
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
    /// every configuration's `language`; `threads` for each file's parse and
    /// rules. `Err` is the rendered error.
    pub(crate) fn new(
        explicit: Option<&Path>,
        lang: Option<Lang>,
        threads: usize,
    ) -> Result<Configs, String> {
        let mut configs = Configs {
            explicit: None,
            found: BTreeMap::new(),
            lang,
            threads,
        };
        if let Some(p) = explicit {
            let c = Config::load(p).map_err(|e| render(&e, configs.error_lang(p)))?;
            configs.explicit = Some(configs.adjust(c));
        }
        Ok(configs)
    }

    /// The language of an error in the configuration file `path`: `--lang`,
    /// else the file's own `language:` (read leniently), else the run's.
    fn error_lang(&self, path: &Path) -> Lang {
        self.lang
            .or_else(|| Config::language_in(path))
            .unwrap_or_else(super::lang)
    }

    /// What the command line overrides in a loaded configuration.
    fn adjust(&self, mut config: Config) -> Config {
        if self.lang.is_some() {
            config.language = self.lang;
        }
        config.threads = self.threads;
        config
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
            let config = match &path {
                Some(p) => Config::load(p).map_err(|e| render(&e, self.error_lang(p)))?,
                None => Config::default(),
            };
            let config = self.adjust(config);
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
    let mut configs = Configs::new(explicit, lang, super::cores())?;
    let which = configs.load_for(file)?;
    configs.get(&which).cloned()
}

/// Show a rendered configuration error; the run ends with exit 2.
pub(crate) fn failed(rendered: &str) -> crate::exit::ExitStatus {
    crate::output::Stderr::new().write(rendered);
    crate::exit::ExitStatus::Error
}

fn render(e: &crate::config::ConfigError, lang: Lang) -> String {
    report::render(&e.in_lang(lang), Style::for_stderr())
}
