//! A generator of component graphs: one to four core modules, instantiated
//! in order, that share memories, mutable globals, tables and functions.
//!
//! Each module may define a memory, a funcref table, mutable `i32`
//! globals, a mutable funcref global and functions that return a constant
//! (the values tables and funcref globals hold), and import any of those
//! from a module instantiated before it. An import is routed
//! through any earlier module that has the item (its own, or one it
//! imported and re-exports), either straight from that instance or through
//! an export bundle of aliases that renames it. Modules have active and
//! passive data and element segments into their own and imported memories
//! and tables, start functions, and a `part` function of random writes;
//! init is one module's `part`, which calls the `part`s it imports from
//! earlier instances (init calling across instances).
//!
//! Every export but init is a query `qN: func() -> u32` that reads one
//! thing: a memory word or size, a global, a table slot or funcref global
//! (-1 when null, otherwise the constant its function returns), a table's
//! size, or a passive segment (which traps once dropped). Nothing traps during init: each
//! `part` runs at most once, and segments are dropped only after use.

use std::fmt::Write;

/// A generated component: its text and its query exports, in order.
pub struct Graph {
    pub wat: String,
    pub queries: Vec<String>,
}

/// SplitMix64: small, seeded, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`%.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A shareable item, by where it is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Memory(usize),
    Table(usize),
    /// Global `k` of a module.
    Global(usize, usize),
    /// A module's mutable funcref global.
    RefGlobal(usize),
    /// Constant function `k` of a module.
    Func(usize, usize),
    /// A module's `part`.
    Part(usize),
}

/// One module's index spaces, by item (imports first, as in wasm).
#[derive(Default)]
struct View {
    memory: Option<Item>,
    tables: Vec<Item>,
    globals: Vec<Item>,
    ref_globals: Vec<Item>,
    funcs: Vec<Item>,
}

/// What later modules may import from a module: the export name of each
/// item in its view.
struct Built {
    exports: Vec<(Item, String)>,
    /// How many `i32` globals and constant functions it defines.
    globals: usize,
    funcs: usize,
}

/// Memory words the queries read and the writes aim at.
const OFFSETS: [u32; 8] = [0, 4, 8, 12, 16, 20, 64, 1000];

pub fn generate(seed: u64) -> Graph {
    let mut rng = Rng(seed);
    let count = 1 + rng.below(4);
    let mut built: Vec<Built> = Vec::new();
    let mut table_sizes = Vec::new();
    let mut modules = String::new();
    let mut instances = String::new();
    let mut exports = String::new();
    let mut queries = Vec::new();
    let mut parts_taken = vec![false; count];
    let mut aliases = 0;
    let init_module = rng.below(count);
    for i in 0..count {
        // Imports: each from an earlier module that has the item.
        let mut imports: Vec<(Item, usize, String)> = Vec::new();
        let mut view = View::default();
        let earlier = |item: Item, built: &[Built]| -> Vec<(usize, String)> {
            built
                .iter()
                .enumerate()
                .filter_map(|(j, b)| {
                    b.exports
                        .iter()
                        .find(|(it, _)| *it == item)
                        .map(|(_, name)| (j, name.clone()))
                })
                .collect()
        };
        let mut take = |item: Item, built: &[Built], rng: &mut Rng| -> bool {
            let routes = earlier(item, built);
            if routes.is_empty() {
                return false;
            }
            let (j, name) = rng.pick(&routes).clone();
            imports.push((item, j, name));
            true
        };
        let owners: Vec<usize> = (0..i).collect();
        if i > 0 && rng.chance(50) {
            let o = *rng.pick(&owners);
            if take(Item::Memory(o), &built, &mut rng) {
                view.memory = Some(Item::Memory(o));
            }
        }
        for _ in 0..rng.below(3) {
            if i == 0 {
                break;
            }
            let o = *rng.pick(&owners);
            let t = Item::Table(o);
            if table_sizes[o] > 0 && !view.tables.contains(&t) && take(t, &built, &mut rng) {
                view.tables.push(t);
            }
        }
        for _ in 0..rng.below(3) {
            if i == 0 {
                break;
            }
            let o = *rng.pick(&owners);
            let globals = built[o].globals;
            if globals == 0 {
                continue;
            }
            let g = Item::Global(o, rng.below(globals));
            if !view.globals.contains(&g) && take(g, &built, &mut rng) {
                view.globals.push(g);
            }
        }
        if i > 0 && rng.chance(15) {
            let o = *rng.pick(&owners);
            if take(Item::RefGlobal(o), &built, &mut rng) {
                view.ref_globals.push(Item::RefGlobal(o));
            }
        }
        for _ in 0..rng.below(4) {
            if i == 0 {
                break;
            }
            let o = *rng.pick(&owners);
            let f = Item::Func(o, rng.below(built[o].funcs));
            if !view.funcs.contains(&f) && take(f, &built, &mut rng) {
                view.funcs.push(f);
            }
        }
        let mut parts = Vec::new();
        for (j, taken) in parts_taken.iter_mut().enumerate().take(i) {
            if !*taken && rng.chance(40) {
                *taken = true;
                parts.push(j);
                imports.push((Item::Part(j), j, "part".to_string()));
            }
        }

        // Definitions.
        if view.memory.is_none() && rng.chance(60) {
            view.memory = Some(Item::Memory(i));
        }
        let table_size = if rng.chance(60) { 2 + rng.below(3) } else { 0 };
        table_sizes.push(table_size);
        if table_size > 0 {
            view.tables.push(Item::Table(i));
        }
        let own_globals = rng.below(3);
        for k in 0..own_globals {
            view.globals.push(Item::Global(i, k));
        }
        let own_ref_global = rng.chance(25);
        if own_ref_global {
            view.ref_globals.push(Item::RefGlobal(i));
        }
        let own_funcs = 1 + rng.below(3);
        for k in 0..own_funcs {
            view.funcs.push(Item::Func(i, k));
        }

        // The module's text.
        let mut m = String::new();
        let _ = writeln!(m, "  (core module $M{i}");
        let _ = writeln!(m, "    (type $r (func (result i32)))");
        let name = |item: &Item| match *item {
            Item::Memory(o) => format!("$mem{o}"),
            Item::Table(o) => format!("$tab{o}"),
            Item::Global(o, k) => format!("$g{o}_{k}"),
            Item::RefGlobal(o) => format!("$rg{o}"),
            Item::Func(o, k) => format!("$f{o}_{k}"),
            Item::Part(o) => format!("$part{o}"),
        };
        // Import module names: straight from an instance (`m{j}`), or
        // through the bundle `env` of renamed aliases.
        let mut args: Vec<(String, String)> = Vec::new();
        let mut bundle: Vec<String> = Vec::new();
        for (item, j, field) in &imports {
            let (module, field) = if rng.chance(40) {
                aliases += 1;
                let kind = kind_of(item);
                let alias = format!("$a{aliases}");
                let _ = writeln!(
                    instances,
                    "  (alias core export $i{j} \"{field}\" (core {kind} {alias}))"
                );
                let renamed = format!("x{aliases}");
                bundle.push(format!("(export \"{renamed}\" ({kind} {alias}))"));
                ("env".to_string(), renamed)
            } else {
                let module = format!("m{j}");
                if !args.iter().any(|(n, _)| *n == module) {
                    args.push((module.clone(), format!("$i{j}")));
                }
                (module, field.clone())
            };
            let decl = match item {
                Item::Memory(_) => format!("(memory {} 1)", name(item)),
                Item::Table(o) => format!("(table {} {} funcref)", name(item), table_sizes[*o]),
                Item::Global(..) => format!("(global {} (mut i32))", name(item)),
                Item::RefGlobal(_) => format!("(global {} (mut funcref))", name(item)),
                Item::Func(..) => format!("(func {} (type $r))", name(item)),
                Item::Part(_) => format!("(func {})", name(item)),
            };
            let _ = writeln!(m, "    (import \"{module}\" \"{field}\" {decl})");
        }
        if !bundle.is_empty() {
            let _ = writeln!(instances, "  (core instance $env{i} {})", bundle.join(" "));
            args.push(("env".to_string(), format!("$env{i}")));
        }
        if view.memory == Some(Item::Memory(i)) {
            let _ = writeln!(m, "    (memory $mem{i} 1)");
        }
        if table_size > 0 {
            let _ = writeln!(m, "    (table $tab{i} {table_size} funcref)");
        }
        for k in 0..own_globals {
            let v = rng.below(1000);
            let _ = writeln!(m, "    (global $g{i}_{k} (mut i32) (i32.const {v}))");
        }
        if own_ref_global {
            let _ = writeln!(m, "    (global $rg{i} (mut funcref) (ref.null func))");
        }
        if !view.ref_globals.is_empty() {
            // Where the queries of funcref globals call them from.
            let _ = writeln!(m, "    (table $call 1 funcref)");
        }
        for k in 0..own_funcs {
            let _ = writeln!(
                m,
                "    (func $f{i}_{k} (type $r) (i32.const {}))",
                100 * (i + 1) + k
            );
        }
        let funcs: Vec<String> = view.funcs.iter().map(name).collect();
        let _ = writeln!(m, "    (elem declare func {})", funcs.join(" "));
        let size_of = |t: &Item| match t {
            Item::Table(o) => table_sizes[*o],
            _ => unreachable!(),
        };
        // Segments.
        let mut passive_data = 0;
        if view.memory.is_some() {
            for _ in 0..rng.below(3) {
                let offset = rng.pick(&OFFSETS);
                let _ = writeln!(m, "    (data (i32.const {offset}) \"{}\")", bytes(&mut rng));
            }
            if rng.chance(40) {
                passive_data = 1;
                let _ = writeln!(m, "    (data $d0 \"{}\")", bytes(&mut rng));
            }
        }
        for t in &view.tables {
            if rng.chance(50) {
                let size = size_of(t);
                let len = 1 + rng.below(size);
                let at = rng.below(size - len + 1);
                let items: Vec<&str> = (0..len).map(|_| rng.pick(&funcs).as_str()).collect();
                let _ = writeln!(
                    m,
                    "    (elem (table {}) (i32.const {at}) func {})",
                    name(t),
                    items.join(" ")
                );
            }
        }
        let passive_elem = !view.tables.is_empty() && rng.chance(40);
        if passive_elem {
            let f = rng.pick(&funcs).clone();
            let _ = writeln!(m, "    (elem $e0 func {f})");
        }

        // Code: the start function and `part` write at random.
        let ops = |rng: &mut Rng, in_part: bool, out: &mut String| {
            for _ in 0..1 + rng.below(6) {
                match rng.below(7) {
                    0 | 1 if view.memory.is_some() => {
                        let offset = rng.pick(&OFFSETS);
                        let v = rng.below(100_000);
                        let _ = write!(out, " (i32.store (i32.const {offset}) (i32.const {v}))");
                    }
                    2 if !view.globals.is_empty() => {
                        let g = name(rng.pick(&view.globals));
                        let v = 1 + rng.below(50);
                        let _ = write!(
                            out,
                            " (global.set {g} (i32.add (global.get {g}) (i32.const {v})))"
                        );
                    }
                    3 | 4 if !view.tables.is_empty() => {
                        let t = rng.pick(&view.tables);
                        let slot = rng.below(size_of(t));
                        let value = if rng.chance(15) {
                            "(ref.null func)".to_string()
                        } else {
                            format!("(ref.func {})", rng.pick(&funcs))
                        };
                        let _ = write!(out, " (table.set {} (i32.const {slot}) {value})", name(t));
                    }
                    6 if !view.ref_globals.is_empty() => {
                        let g = name(rng.pick(&view.ref_globals));
                        let _ = write!(out, " (global.set {g} (ref.func {}))", rng.pick(&funcs));
                    }
                    5 if !view.tables.is_empty() => {
                        let (a, b) = (rng.pick(&view.tables), rng.pick(&view.tables));
                        let (d, s) = (rng.below(size_of(a)), rng.below(size_of(b)));
                        let _ = write!(
                            out,
                            " (table.copy {} {} (i32.const {d}) (i32.const {s}) (i32.const 1))",
                            name(a),
                            name(b)
                        );
                    }
                    _ => {}
                }
            }
            if in_part && rng.chance(20) && !view.tables.is_empty() {
                let t = name(rng.pick(&view.tables));
                let _ = write!(
                    out,
                    " (drop (table.grow {t} (ref.null func) (i32.const 1)))"
                );
            }
            if in_part && rng.chance(15) && view.memory.is_some() {
                let _ = write!(out, " (drop (memory.grow (i32.const 1)))");
            }
        };
        if rng.chance(30) {
            let mut body = String::new();
            ops(&mut rng, false, &mut body);
            let _ = writeln!(m, "    (func $start{body})\n    (start $start)");
        }
        let mut body = String::new();
        for j in &parts {
            if rng.chance(50) {
                let _ = write!(body, " (call $part{j})");
            }
        }
        ops(&mut rng, true, &mut body);
        if passive_data > 0 && rng.chance(60) {
            let offset = rng.pick(&OFFSETS);
            let _ = write!(
                body,
                " (memory.init $d0 (i32.const {offset}) (i32.const 0) (i32.const 1))"
            );
            if rng.chance(60) {
                body.push_str(" (data.drop $d0)");
            }
        }
        if passive_elem && rng.chance(60) {
            let t = name(rng.pick(&view.tables));
            let _ = write!(
                body,
                " (table.init {t} $e0 (i32.const 0) (i32.const 0) (i32.const 1))"
            );
            if rng.chance(60) {
                body.push_str(" (elem.drop $e0)");
            }
        }
        for j in &parts {
            if !body.contains(&format!("(call $part{j})")) {
                let _ = write!(body, " (call $part{j})");
            }
        }
        let _ = writeln!(m, "    (func (export \"part\"){body})");

        // Exports: every item in the view, for later modules.
        let mut item_exports = Vec::new();
        let mut export = |item: Item, m: &mut String| {
            let kind = kind_of(&item);
            let field = format!("e{}", item_exports.len());
            let _ = writeln!(m, "    (export \"{field}\" ({kind} {}))", name(&item));
            item_exports.push((item, field));
        };
        for item in view
            .memory
            .iter()
            .chain(&view.tables)
            .chain(&view.globals)
            .chain(&view.ref_globals)
            .chain(&view.funcs)
        {
            export(*item, &mut m);
        }

        // Queries.
        let mut query = |body: String, m: &mut String| {
            let q = format!("q{}", queries.len());
            let _ = writeln!(m, "    (func (export \"{q}\") (result i32){body})");
            let _ = writeln!(
                exports,
                "  (func (export \"{q}\") (result u32) (canon lift (core func $i{i} \"{q}\")))"
            );
            queries.push(q);
        };
        if view.memory.is_some() {
            query(" (memory.size)".to_string(), &mut m);
            for offset in OFFSETS {
                query(format!(" (i32.load (i32.const {offset}))"), &mut m);
            }
        }
        for g in &view.globals {
            query(format!(" (global.get {})", name(g)), &mut m);
        }
        for g in &view.ref_globals {
            let g = name(g);
            query(
                format!(
                    " (if (result i32) (ref.is_null (global.get {g})) (then (i32.const -1)) \
                     (else (table.set $call (i32.const 0) (global.get {g})) (call_indirect \
                     $call (type $r) (i32.const 0))))"
                ),
                &mut m,
            );
        }
        for t in &view.tables {
            let t_name = name(t);
            query(format!(" (table.size {t_name})"), &mut m);
            for slot in 0..size_of(t) {
                query(
                    format!(
                        " (if (result i32) (ref.is_null (table.get {t_name} (i32.const {slot}))) \
                         (then (i32.const -1)) (else (call_indirect {t_name} (type $r) \
                         (i32.const {slot}))))"
                    ),
                    &mut m,
                );
            }
        }
        if passive_data > 0 {
            query(
                " (memory.init $d0 (i32.const 2000) (i32.const 0) (i32.const 1)) \
                 (i32.load8_u (i32.const 2000))"
                    .to_string(),
                &mut m,
            );
        }
        if passive_elem {
            let t = name(&view.tables[0]);
            query(
                format!(
                    " (table.init {t} $e0 (i32.const 0) (i32.const 0) (i32.const 1)) (i32.const 7)"
                ),
                &mut m,
            );
        }
        m.push_str("  )\n");
        modules.push_str(&m);
        let with: Vec<String> = args
            .iter()
            .map(|(module, instance)| format!("(with \"{module}\" (instance {instance}))"))
            .collect();
        let _ = writeln!(
            instances,
            "  (core instance $i{i} (instantiate $M{i} {}))",
            with.join(" ")
        );
        built.push(Built {
            exports: item_exports,
            globals: own_globals,
            funcs: own_funcs,
        });
    }
    let wat = format!(
        "(component\n{modules}{instances}  (func (export \"wizer-initialize\") (canon lift (core \
         func $i{init_module} \"part\")))\n{exports})\n"
    );
    Graph { wat, queries }
}

fn kind_of(item: &Item) -> &'static str {
    match item {
        Item::Memory(_) => "memory",
        Item::Table(_) => "table",
        Item::Global(..) | Item::RefGlobal(_) => "global",
        Item::Func(..) | Item::Part(_) => "func",
    }
}

/// One to four random non-zero bytes, escaped for a WAT string.
fn bytes(rng: &mut Rng) -> String {
    (0..1 + rng.below(4))
        .map(|_| format!("\\{:02x}", 1 + rng.below(255)))
        .collect()
}
