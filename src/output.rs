//! What a run gives back: [`Output`], and the [`Sink`] a streamed run
//! writes its module to.

use crate::report::Report;
use anyhow::Result;

/// Where [`Wizer::run_detailed_into`](crate::Wizer::run_detailed_into) writes the module, chunk by chunk.
pub type Sink<'a> = dyn FnMut(&[u8]) -> Result<()> + Send + 'a;

/// The result of [`Wizer::run_detailed`](crate::Wizer::run_detailed).
#[derive(Debug, Clone)]
pub struct Output {
    /// The pre-initialized module (empty from [`Wizer::run_detailed_into`](crate::Wizer::run_detailed_into),
    /// which writes it out instead).
    pub wasm: Vec<u8>,
    /// Things the user should know, such as randomness frozen into the
    /// snapshot.
    pub warnings: Vec<String>,
    /// The fuel initialization consumed, when `fuel` or `timeout` metered
    /// it.
    pub fuel_used: Option<u64>,
    /// The audit report, when [`Wizer::audit`](crate::Wizer::audit) asked for it.
    pub report: Option<Report>,
}

impl Output {
    /// The result of a run that wrote its module to the sink: the report,
    /// if one was asked for, gets the run's `phases`.
    pub(crate) fn written(
        warnings: Vec<String>,
        fuel_used: Option<u64>,
        report: Option<Report>,
        phases: Vec<(&'static str, std::time::Duration)>,
    ) -> Output {
        Output {
            wasm: Vec::new(),
            warnings,
            fuel_used,
            report: report.map(|report| Report { phases, ..report }),
        }
    }
}
