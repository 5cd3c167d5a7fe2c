//! The `producers` custom section of an output: `processed-by`
//! `wizer-lite <version>`, merged into the input's section when it has one
//! (as wasm-opt and wit-component do), so that an output says what made
//! it. Deterministic: the same input gives the same section.
//!
//! ```text
//! (@producers (language "Rust" "") (processed-by "rustc" "1.95.0"))
//!   -> (@producers (language "Rust" "") (processed-by "rustc" "1.95.0")
//!                  (processed-by "wizer-lite" "0.1.0"))
//! ```

use wasm_encoder::{ProducersField, ProducersSection};
use wasmparser::{BinaryReader, ProducersSectionReader};

/// The name this tool goes by in `processed-by`.
pub const TOOL: &str = "wizer-lite";

/// This build's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The custom section's name.
pub const SECTION: &str = "producers";

/// The producers section to write: the fields of `existing` (a producers
/// section's payload, after its name), in order, with `wizer-lite` added to
/// (or updated in) `processed-by`. An unreadable existing section is
/// replaced by one holding only wizer-lite.
pub fn merged(existing: Option<&[u8]>) -> ProducersSection {
    let mut fields: Vec<(String, Vec<(String, String)>)> = Vec::new();
    if let Some(data) = existing
        && let Ok(reader) = ProducersSectionReader::new(BinaryReader::new(data, 0))
    {
        let read: Result<Vec<_>, _> = reader
            .into_iter()
            .map(|field| {
                let field = field?;
                let values = field
                    .values
                    .into_iter()
                    .map(|v| v.map(|v| (v.name.to_string(), v.version.to_string())))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok::<_, wasmparser::BinaryReaderError>((field.name.to_string(), values))
            })
            .collect();
        fields = read.unwrap_or_default();
    }
    let ours = (TOOL.to_string(), VERSION.to_string());
    match fields.iter_mut().find(|(name, _)| name == "processed-by") {
        Some((_, values)) => match values.iter_mut().find(|(name, _)| name == TOOL) {
            Some(value) => *value = ours,
            None => values.push(ours),
        },
        None => fields.push(("processed-by".to_string(), vec![ours])),
    }
    let mut section = ProducersSection::new();
    for (name, values) in &fields {
        let mut field = ProducersField::new();
        for (value, version) in values {
            field.value(value, version);
        }
        section.field(name, &field);
    }
    section
}

/// The payload of a custom section whose contents (its name included) are
/// `contents`, if it is the producers section.
pub fn payload(contents: &[u8]) -> Option<&[u8]> {
    let reader = wasmparser::CustomSectionReader::new(BinaryReader::new(contents, 0)).ok()?;
    (reader.name() == SECTION).then(|| reader.data())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(section: &ProducersSection) -> Vec<(String, Vec<(String, String)>)> {
        let mut bytes = Vec::new();
        wasm_encoder::Encode::encode(section, &mut bytes);
        // The encoded custom section: size, name, payload.
        let mut reader = BinaryReader::new(&bytes, 0);
        let size = reader.read_var_u32().unwrap() as usize;
        let contents = &bytes[bytes.len() - size..];
        let reader =
            ProducersSectionReader::new(BinaryReader::new(payload(contents).unwrap(), 0)).unwrap();
        reader
            .into_iter()
            .map(|f| {
                let f = f.unwrap();
                let values = f
                    .values
                    .into_iter()
                    .map(|v| {
                        let v = v.unwrap();
                        (v.name.to_string(), v.version.to_string())
                    })
                    .collect();
                (f.name.to_string(), values)
            })
            .collect()
    }

    fn s(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn added_merged_and_updated() {
        assert_eq!(
            fields(&merged(None)),
            [("processed-by".to_string(), vec![s(TOOL, VERSION)])]
        );
        let mut input = ProducersSection::new();
        input.field("language", ProducersField::new().value("Rust", ""));
        input.field(
            "processed-by",
            ProducersField::new()
                .value("rustc", "1.95.0")
                .value(TOOL, "0.0.1"),
        );
        let mut bytes = Vec::new();
        wasm_encoder::Encode::encode(&input, &mut bytes);
        let mut reader = BinaryReader::new(&bytes, 0);
        let size = reader.read_var_u32().unwrap() as usize;
        let data = payload(&bytes[bytes.len() - size..]).unwrap();
        assert_eq!(
            fields(&merged(Some(data))),
            [
                ("language".to_string(), vec![s("Rust", "")]),
                (
                    "processed-by".to_string(),
                    vec![s("rustc", "1.95.0"), s(TOOL, VERSION)]
                ),
            ]
        );
    }
}
