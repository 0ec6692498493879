//! Lists what syn (Rust's de-facto parser crate) finds in Rust source files, as the keys the Clew
//! oracle test (oracle-rust.test.ts) compares with Clew's extraction: functions (the impl's self
//! type or the trait as owner), their parameters with type text and their return type, type
//! declarations with their kind and fields or variants, and `use` declarations (the path before
//! the last segment and the names it brings), each with its line. Output: one JSON object, file
//! path → keys.
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

struct Lister<'a> {
    lines: Vec<&'a str>,
    keys: Vec<String>,
    /// The owner of the functions being visited: an impl's self type or a trait's name.
    owner: Vec<String>,
}

impl<'a> Lister<'a> {
    /// The source text a span covers (columns count characters, as proc-macro2 reports them).
    fn text(&self, span: Span) -> String {
        let (start, end) = (span.start(), span.end());
        let mut out = String::new();
        for line in start.line..=end.line {
            let chars: Vec<char> = self.lines[line - 1].chars().collect();
            let from = if line == start.line { start.column } else { 0 };
            let to = if line == end.line { end.column } else { chars.len() };
            if line > start.line {
                out.push('\n');
            }
            out.extend(&chars[from..to]);
        }
        out
    }

    fn function(&mut self, vis: Option<&syn::Visibility>, sig: &syn::Signature) {
        let line = match vis {
            Some(v) if !matches!(v, syn::Visibility::Inherited) => v.span().start().line,
            _ => sig.span().start().line,
        };
        let key = format!("{}.{}@{}", self.owner.last().cloned().unwrap_or_default(), sig.ident, line);
        self.keys.push(format!("function {}", key));
        let mut params = Vec::new();
        for input in &sig.inputs {
            if let syn::FnArg::Typed(p) = input {
                // `mut x` binds x; any other pattern is kept as written
                let name = match &*p.pat {
                    syn::Pat::Ident(i) if i.by_ref.is_none() && i.subpat.is_none() => i.ident.to_string(),
                    other => self.text(other.span()),
                };
                params.push(format!("{}:{}", name, self.text(p.ty.span())));
            }
        }
        self.keys.push(format!("params {}({})", key, params.join(",")));
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            self.keys.push(format!("results {} {}", key, self.text(ty.span())));
        }
    }

    fn declaration(&mut self, kind: &str, ident: &syn::Ident, vis: &syn::Visibility, keyword: Span) -> String {
        let line = if matches!(vis, syn::Visibility::Inherited) { keyword.start().line } else { vis.span().start().line };
        let key = format!("{}@{}", ident, line);
        self.keys.push(format!("type {} {}", key, kind));
        key
    }

    fn fields(&mut self, key: &str, fields: &syn::Fields) {
        let names: Vec<String> = fields.iter().enumerate().map(|(i, f)| f.ident.as_ref().map(|x| x.to_string()).unwrap_or_else(|| i.to_string())).collect();
        self.keys.push(format!("fields {}({})", key, names.join(",")));
    }

    /// One name a `use` group brings, as written but without its local rename (`a::B as C` is
    /// `a::B`); a nested group stays as written.
    fn use_name(&self, tree: &syn::UseTree) -> String {
        match tree {
            syn::UseTree::Path(p) => format!("{}::{}", p.ident, self.use_name(&p.tree)),
            syn::UseTree::Name(n) => n.ident.to_string(),
            syn::UseTree::Rename(r) => r.ident.to_string(),
            syn::UseTree::Glob(_) => "*".to_string(),
            syn::UseTree::Group(g) => self.text(g.span()),
        }
    }

    /// `use a::b::{c, d}`: the path before the last segment or group (`a::b`) and the names it
    /// brings (sorted; none for a glob). A bare `use x;` imports module x itself, as `extern crate x` does.
    fn use_tree(&mut self, line: usize, prefix: String, tree: &syn::UseTree) {
        let join = |prefix: &str, next: &str| if prefix.is_empty() { next.to_string() } else { format!("{}::{}", prefix, next) };
        match tree {
            syn::UseTree::Path(p) => self.use_tree(line, join(&prefix, &p.ident.to_string()), &p.tree),
            syn::UseTree::Name(n) if prefix.is_empty() => self.keys.push(format!("import {}@{} []", n.ident, line)),
            syn::UseTree::Name(n) => self.keys.push(format!("import {}@{} [{}]", prefix, line, n.ident)),
            syn::UseTree::Rename(r) if prefix.is_empty() => self.keys.push(format!("import {}@{} []", r.ident, line)),
            syn::UseTree::Rename(r) => self.keys.push(format!("import {}@{} [{}]", prefix, line, r.ident)),
            syn::UseTree::Glob(_) => self.keys.push(format!("import {}@{} []", prefix, line)),
            syn::UseTree::Group(g) => {
                let mut names: Vec<String> = g.items.iter().map(|item| self.use_name(item)).collect();
                names.sort();
                self.keys.push(format!("import {}@{} [{}]", prefix, line, names.join(",")));
            }
        }
    }
}

impl<'a, 'ast> Visit<'ast> for Lister<'a> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.function(Some(&item.vis), &item.sig);
        // functions nested in a body have no owner
        self.owner.push(String::new());
        visit::visit_item_fn(self, item);
        self.owner.pop();
    }
    fn visit_impl_item_method(&mut self, item: &'ast syn::ImplItemMethod) {
        self.function(Some(&item.vis), &item.sig);
        self.owner.push(String::new());
        visit::visit_impl_item_method(self, item);
        self.owner.pop();
    }
    fn visit_trait_item_method(&mut self, item: &'ast syn::TraitItemMethod) {
        self.function(None, &item.sig);
        self.owner.push(String::new());
        visit::visit_trait_item_method(self, item);
        self.owner.pop();
    }
    fn visit_foreign_item_fn(&mut self, item: &'ast syn::ForeignItemFn) {
        self.function(Some(&item.vis), &item.sig);
    }
    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let owner = self.text(item.self_ty.span());
        self.owner.push(owner);
        visit::visit_item_impl(self, item);
        self.owner.pop();
    }
    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        self.declaration("trait", &item.ident, &item.vis, item.trait_token.span);
        self.owner.push(item.ident.to_string());
        visit::visit_item_trait(self, item);
        self.owner.pop();
    }
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.owner.push(String::new());
        visit::visit_item_mod(self, item);
        self.owner.pop();
    }
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let key = self.declaration("struct", &item.ident, &item.vis, item.struct_token.span);
        self.fields(&key, &item.fields);
        visit::visit_item_struct(self, item);
    }
    fn visit_item_union(&mut self, item: &'ast syn::ItemUnion) {
        let key = self.declaration("union", &item.ident, &item.vis, item.union_token.span);
        let names: Vec<String> = item.fields.named.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
        self.keys.push(format!("fields {}({})", key, names.join(",")));
        visit::visit_item_union(self, item);
    }
    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        let key = self.declaration("enum", &item.ident, &item.vis, item.enum_token.span);
        let names: Vec<String> = item.variants.iter().map(|v| v.ident.to_string()).collect();
        self.keys.push(format!("variants {}({})", key, names.join(",")));
        visit::visit_item_enum(self, item);
    }
    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.declaration("type_alias", &item.ident, &item.vis, item.type_token.span);
        visit::visit_item_type(self, item);
    }
    fn visit_impl_item_type(&mut self, item: &'ast syn::ImplItemType) {
        self.declaration("type_alias", &item.ident, &item.vis, item.type_token.span);
        visit::visit_impl_item_type(self, item);
    }
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let line = if matches!(item.vis, syn::Visibility::Inherited) { item.use_token.span.start().line } else { item.vis.span().start().line };
        let root = if item.leading_colon.is_some() { "::".to_string() } else { String::new() };
        match &item.tree {
            // `use ::a::b` keeps its leading `::` on the first segment
            syn::UseTree::Path(p) if !root.is_empty() => self.use_tree(line, format!("::{}", p.ident), &p.tree),
            tree => self.use_tree(line, String::new(), tree),
        }
    }
    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        let line = item.extern_token.span.start().line;
        self.keys.push(format!("import {}@{} []", item.ident, line));
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let mut files = Vec::new();
    for path in std::env::args().skip(1) {
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {}", path, e));
        let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {}", path, e));
        let mut lister = Lister { lines: source.lines().collect(), keys: Vec::new(), owner: Vec::new() };
        lister.visit_file(&file);
        let keys: Vec<String> = lister.keys.iter().map(|k| json_string(k)).collect();
        files.push(format!("{}:[{}]", json_string(&path), keys.join(",")));
    }
    println!("{{{}}}", files.join(","));
}
