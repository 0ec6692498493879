//! The Rust judge of the schema oracle.
//!   schema-oracle samples   prints [{type, features, instances}]: values of protocol.rs's types written by serde_json
//!   schema-oracle judge     reads [{type, value}] on stdin, prints [true|false]: whether serde_json reads the value
//!                           into the type and writing that value again gives every member of it unchanged
//!                           (members serde fills in, `default` and absent Options, may be missing)
mod protocol;

use protocol::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

fn same_members(v: &Value, w: &Value) -> bool {
    match (v, w) {
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, x)| b.get(k).map_or(false, |y| same_members(x, y))),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_members(x, y)),
        (Value::Number(a), Value::Number(b)) => a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64() && (a.is_f64() || b.is_f64())),
        _ => v == w,
    }
}

fn reads_back<T: Serialize + DeserializeOwned>(v: &Value) -> bool {
    match serde_json::from_value::<T>(v.clone()) {
        Ok(x) => same_members(v, &serde_json::to_value(&x).expect("serializes")),
        Err(_) => false,
    }
}

fn value<T: Serialize>(x: T) -> Value {
    serde_json::to_value(x).expect("serializes")
}

/// Each type once: its name, features (for the per-feature shares) and how to judge a value.
macro_rules! judged {
    ($($t:ty => $name:literal [$($f:literal),*]),* $(,)?) => {
        fn judge(name: &str, v: &Value) -> bool {
            match name { $($name => reads_back::<$t>(v),)* other => panic!("unknown type {}", other) }
        }
        fn features() -> Vec<(&'static str, Vec<&'static str>)> {
            vec![$(($name, vec![$($f),*]),)*]
        }
    };
}

judged! {
    Position => "Position" ["plain struct", "integer widths"],
    Range => "Range" ["nested struct", "doc comment between attributes"],
    Location => "Location" ["newtype/transparent", "nested struct"],
    TextDocumentItem => "TextDocumentItem" ["rename_all", "newtype/transparent"],
    VersionedTextDocumentIdentifier => "VersionedTextDocumentIdentifier" ["rename_all"],
    TextDocumentPositionParams => "TextDocumentPositionParams" ["rename_all", "nested struct"],
    Diagnostic => "Diagnostic" ["skip_serializing_if", "untagged enum", "newtype/transparent", "rename_all"],
    Hover => "Hover" ["untagged enum", "skip_serializing_if"],
    MarkupContent => "MarkupContent" ["unit enum rename_all"],
    TraceValue => "TraceValue" ["unit enum rename_all"],
    ServerCapabilities => "ServerCapabilities" ["generic instantiation", "untagged enum", "skip_serializing_if"],
    WorkspaceEdit => "WorkspaceEdit" ["internally tagged", "map", "skip_serializing_if"],
    ResourceOp => "ResourceOp" ["internally tagged"],
    CompletionItem => "CompletionItem" ["default", "skip_serializing_if", "integer widths"],
    Request => "Request" ["flatten", "adjacently tagged"],
    Command => "Command" ["adjacently tagged"],
    LaunchRequestArguments => "LaunchRequestArguments" ["flatten", "map"],
    Event => "Event" ["adjacently tagged", "unit enum rename_all"],
    StoppedEventBody => "StoppedEventBody" ["default", "unit enum rename_all", "rename"],
    ProtocolMessage => "ProtocolMessage" ["internally tagged", "flatten", "adjacently tagged"],
    InitializeArguments => "InitializeArguments" ["rename", "rename_all"],
    MethodCall => "MethodCall" ["default", "skip_serializing_if", "untagged enum", "rename"],
    Output => "Output" ["untagged enum", "rename"],
    Id => "Id" ["untagged enum"],
    Package => "Package" ["skip", "default", "newtype/transparent", "rename", "map"],
    Dependency => "Dependency" ["rename_all", "rename", "Option"],
    Target => "Target" ["default", "rename"],
    Edition => "Edition" ["rename"],
    Artifact => "Artifact" ["tuple struct", "fixed array", "unit struct", "tuple", "integer widths", "unit enum rename_all"],
    Shape => "Shape" ["externally tagged"],
}

fn samples() -> Vec<(&'static str, Vec<Value>)> {
    let pos = |l, c| Position { line: l, character: c };
    let range = |a, b| Range { start: pos(a, 0), end: pos(b, 12) };
    let url = |s: &str| Url(s.to_string());
    let loc = Location { uri: url("file:///src/main.rs"), range: range(3, 4) };
    let mut changes = HashMap::new();
    changes.insert("file:///a.rs".to_string(), vec![TextEdit { range: range(1, 1), new_text: "x".into() }]);
    let mut extra = BTreeMap::new();
    extra.insert("program".to_string(), json!("./a.out"));
    extra.insert("args".to_string(), json!(["--verbose"]));
    let mut features = BTreeMap::new();
    features.insert("default".to_string(), vec!["std".to_string()]);
    let dep = Dependency { name: "serde".into(), req: "^1".into(), kind: DependencyKind::Normal, optional: false, uses_default_features: true, features: vec!["derive".into()], target: None, rename: None };
    let dev = Dependency { kind: DependencyKind::Development, target: Some("cfg(unix)".into()), rename: Some("sj".into()), ..dep.clone() };
    let target = Target { name: "oracle".into(), kind: vec!["bin".into()], src_path: "src/main.rs".into(), edition: Edition::E2021, doctest: false };
    let package = Package {
        name: "schema-oracle".into(), version: "0.1.0".into(), id: PackageId { repr: "schema-oracle 0.1.0".into() }, license: Some("MIT".into()),
        dependencies: vec![dep.clone(), dev.clone()], targets: vec![target.clone()], features, edition: Edition::E2018, metadata: json!({"docs": {"rs": true}}), cached_hash: 7,
    };
    let init = InitializeArguments { client_id: Some("vscode".into()), adapter_id: "lldb".into(), lines_start_at1: Some(true) };
    let source = Source { name: Some("main.rs".into()), path: None, presentation_hint: Some(PresentationHint::Emphasize) };
    let stopped = StoppedEventBody { reason: StoppedReason::FunctionBreakpoint, thread_id: Some(1), all_threads_stopped: true };
    vec![
        ("Position", vec![value(pos(0, 0)), value(pos(41, 7))]),
        ("Range", vec![value(range(1, 2))]),
        ("Location", vec![value(loc.clone())]),
        ("TextDocumentItem", vec![value(TextDocumentItem { uri: url("file:///x.ts"), language_id: "typescript".into(), version: 3, text: "let x = 1;".into() })]),
        ("VersionedTextDocumentIdentifier", vec![value(VersionedTextDocumentIdentifier { uri: url("file:///y"), version: -1 })]),
        ("TextDocumentPositionParams", vec![value(TextDocumentPositionParams { text_document: TextDocumentIdentifier { uri: url("file:///z") }, position: pos(2, 3) })]),
        ("Diagnostic", vec![
            value(Diagnostic { range: range(0, 0), severity: Some(DiagnosticSeverity(1)), code: Some(NumberOrString::Number(2304)), source: Some("ts".into()), message: "Cannot find name".into(), related_information: None, data: None }),
            value(Diagnostic { range: range(5, 6), severity: None, code: Some(NumberOrString::String("E0308".into())), source: None, message: "mismatched types".into(),
                related_information: Some(vec![DiagnosticRelatedInformation { location: loc.clone(), message: "expected".into() }]), data: Some(json!({"fix": 1})) }),
        ]),
        ("Hover", vec![
            value(Hover { contents: HoverContents::Scalar(MarkedString::String("fn main()".into())), range: None }),
            value(Hover { contents: HoverContents::Array(vec![MarkedString::LanguageString(LanguageString { language: "rust".into(), value: "u8".into() })]), range: Some(range(1, 1)) }),
            value(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: "**x**".into() }), range: None }),
        ]),
        ("MarkupContent", vec![value(MarkupContent { kind: MarkupKind::PlainText, value: "text".into() })]),
        ("TraceValue", vec![value(TraceValue::Off), value(TraceValue::Verbose)]),
        ("ServerCapabilities", vec![
            value(ServerCapabilities { hover_provider: Some(OneOf::Left(true)), definition_provider: Some(OneOf::Right(HoverOptions { work_done_progress: Some(false) })), position_encoding: Some("utf-16".into()), experimental: None }),
            value(ServerCapabilities { hover_provider: None, definition_provider: None, position_encoding: None, experimental: Some(json!([1, 2])) }),
        ]),
        ("WorkspaceEdit", vec![
            value(WorkspaceEdit { changes: Some(changes), resource_operations: None }),
            value(WorkspaceEdit { changes: None, resource_operations: Some(vec![
                ResourceOp::Create(CreateFile { uri: url("file:///new"), options: Some(CreateFileOptions { overwrite: Some(true), ignore_if_exists: None }) }),
                ResourceOp::Rename(RenameFile { old_uri: url("file:///a"), new_uri: url("file:///b") }),
            ]) }),
        ]),
        ("ResourceOp", vec![value(ResourceOp::Delete(DeleteFile { uri: url("file:///gone") })), value(ResourceOp::Create(CreateFile { uri: url("file:///c"), options: None }))]),
        ("CompletionItem", vec![
            value(CompletionItem { label: "println!".into(), kind: Some(3), detail: Some("macro".into()), tags: vec![1], preselect: None }),
            value(CompletionItem { label: "len".into(), kind: None, detail: None, tags: vec![], preselect: Some(true) }),
        ]),
        ("Request", vec![
            value(Request { seq: 1, command: Command::Initialize(init.clone()) }),
            value(Request { seq: 2, command: Command::ConfigurationDone }),
            value(Request { seq: 3, command: Command::SetBreakpoints(SetBreakpointsArguments { source: source.clone(), lines: Some(vec![10, 20]) }) }),
        ]),
        ("Command", vec![value(Command::Threads), value(Command::Launch(LaunchRequestArguments { no_debug: Some(true), additional_data: extra.clone() }))]),
        ("LaunchRequestArguments", vec![value(LaunchRequestArguments { no_debug: None, additional_data: extra.clone() })]),
        ("Event", vec![value(Event::Initialized), value(Event::Stopped(stopped.clone())), value(Event::Exited(ExitedEventBody { exit_code: 0 }))]),
        ("StoppedEventBody", vec![value(stopped.clone()), value(StoppedEventBody { reason: StoppedReason::DataBreakpoint, thread_id: None, all_threads_stopped: false })]),
        ("ProtocolMessage", vec![
            value(ProtocolMessage::Request(Request { seq: 7, command: Command::Threads })),
            value(ProtocolMessage::Event(EventMessage { seq: 8, event: Event::Stopped(stopped.clone()) })),
        ]),
        ("InitializeArguments", vec![value(init.clone()), value(InitializeArguments { client_id: None, adapter_id: "gdb".into(), lines_start_at1: None })]),
        ("MethodCall", vec![
            value(MethodCall { jsonrpc: Version::V2, method: "initialize".into(), params: json!({"processId": 42}), id: Id::Num(1) }),
            value(MethodCall { jsonrpc: Version::V2, method: "shutdown".into(), params: Value::Null, id: Id::Str("abc".into()) }),
        ]),
        ("Output", vec![
            value(Output::Success(Success { jsonrpc: Version::V2, result: json!(true), id: Id::Num(1) })),
            value(Output::Failure(Failure { jsonrpc: Version::V2, error: RpcError { code: -32601, message: "Method not found".into(), data: None }, id: Id::Null })),
        ]),
        ("Id", vec![value(Id::Num(3)), value(Id::Str("x".into())), value(Id::Null)]),
        ("Package", vec![value(package.clone())]),
        ("Dependency", vec![value(dep), value(dev)]),
        ("Target", vec![value(target)]),
        ("Edition", vec![value(Edition::E2015), value(Edition::E2021)]),
        ("Artifact", vec![value(Artifact { digest: [1, 2, 3, 255], color: Rgb(10, 20, 30), marker: Marker, bytes: vec![0, 7], sizes: (512, -3), state: BuildState::InProgress })]),
        ("Shape", vec![value(Shape::Empty), value(Shape::Circle(1.5)), value(Shape::Point(-1, 2)), value(Shape::Rect { width: 3, height: 4 })]),
    ]
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode == "samples" {
        let features: HashMap<_, _> = features().into_iter().collect();
        let out: Vec<Value> = samples()
            .into_iter()
            .map(|(name, instances)| json!({ "type": name, "features": features[name], "instances": instances }))
            .collect();
        println!("{}", Value::Array(out));
    } else if mode == "judge" {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input).expect("stdin");
        let cases: Vec<Value> = serde_json::from_str(&input).expect("a JSON array of cases");
        let verdicts: Vec<bool> = cases.iter().map(|c| judge(c["type"].as_str().expect("type"), &c["value"])).collect();
        println!("{}", serde_json::to_string(&verdicts).expect("verdicts"));
    } else {
        eprintln!("usage: schema-oracle samples | judge");
        std::process::exit(2);
    }
}
