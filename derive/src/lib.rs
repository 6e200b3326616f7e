//! `#[derive(Node)]` for the policyc model.
//!
//! Every struct and enum of the resolved model derives `Node`, so that the
//! stages that need "every field" — the differ's span-free equality and its
//! list of changed fields, the rules' walk over every text — are generated
//! from the type itself and cannot drift from it when a field is added.
//!
//! Field attributes:
//! - `#[node(skip)]`: not part of what the policy says (spans, indexes);
//!   ignored by equality and by the text walk.
//! - `#[node(name = "purpose")]`: the field's name in the language, for the
//!   differ's "fields changed" list (default: the Rust name in kebab case).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(Node, attributes(node))]
pub fn derive_node(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

struct FieldAttrs {
    skip: bool,
    name: Option<String>,
}

fn field_attrs(attrs: &[syn::Attribute]) -> syn::Result<FieldAttrs> {
    let mut out = FieldAttrs {
        skip: false,
        name: None,
    };
    for attr in attrs.iter().filter(|a| a.path().is_ident("node")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                out.skip = true;
                Ok(())
            } else if meta.path.is_ident("name") {
                let s: LitStr = meta.value()?.parse()?;
                out.name = Some(s.value());
                Ok(())
            } else {
                Err(meta.error("expected `skip` or `name = \"…\"`"))
            }
        })?;
    }
    Ok(out)
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let ty = &input.ident;
    let (imp, tyg, whr) = input.generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(s) => expand_struct(&s.fields)?,
        Data::Enum(e) => expand_enum(ty, e)?,
        Data::Union(u) => {
            return Err(syn::Error::new(
                u.union_token.span,
                "Node cannot be derived for unions",
            ))
        }
    };
    Ok(quote! {
        impl #imp crate::model::Node for #ty #tyg #whr {
            #body
        }
    })
}

fn expand_struct(fields: &Fields) -> syn::Result<Tokens> {
    let Fields::Named(named) = fields else {
        return Err(syn::Error::new_spanned(
            fields,
            "Node is derived for structs with named fields",
        ));
    };
    let mut walks = Vec::new();
    let mut sames = Vec::new();
    let mut changes = Vec::new();
    for f in &named.named {
        let attrs = field_attrs(&f.attrs)?;
        if attrs.skip {
            continue;
        }
        let Some(id) = &f.ident else { continue };
        let name = attrs
            .name
            .unwrap_or_else(|| id.to_string().replace('_', "-"));
        walks.push(quote! { crate::model::Node::walk(&self.#id, visit); });
        sames.push(quote! { crate::model::Node::same(&self.#id, &other.#id) });
        changes.push(quote! {
            if !crate::model::Node::same(&self.#id, &other.#id) {
                out.push(#name);
            }
        });
    }
    let same = if sames.is_empty() {
        quote! { true }
    } else {
        quote! { #(#sames)&&* }
    };
    Ok(quote! {
        fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a crate::model::Text)) {
            let _ = &visit;
            #(#walks)*
        }
        fn same(&self, other: &Self) -> bool {
            let _ = other;
            #same
        }
        fn changed_fields(&self, other: &Self, out: &mut Vec<&'static str>) {
            let _ = (other, &out);
            #(#changes)*
        }
    })
}

fn expand_enum(ty: &syn::Ident, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut walk_arms = Vec::new();
    let mut same_arms = Vec::new();
    for v in &e.variants {
        let vid = &v.ident;
        match &v.fields {
            Fields::Unit => {
                walk_arms.push(quote! { #ty::#vid => {} });
                same_arms.push(quote! { (#ty::#vid, #ty::#vid) => true });
            }
            Fields::Unnamed(u) => {
                let a: Vec<_> = (0..u.unnamed.len())
                    .map(|i| format_ident!("a{i}"))
                    .collect();
                let b: Vec<_> = (0..u.unnamed.len())
                    .map(|i| format_ident!("b{i}"))
                    .collect();
                walk_arms.push(quote! {
                    #ty::#vid(#(#a),*) => { #(crate::model::Node::walk(#a, visit);)* }
                });
                same_arms.push(quote! {
                    (#ty::#vid(#(#a),*), #ty::#vid(#(#b),*)) => true #(&& crate::model::Node::same(#a, #b))*
                });
            }
            Fields::Named(n) => {
                let ids: Vec<_> = n.named.iter().filter_map(|f| f.ident.clone()).collect();
                let a: Vec<_> = ids.iter().map(|i| format_ident!("a_{i}")).collect();
                let b: Vec<_> = ids.iter().map(|i| format_ident!("b_{i}")).collect();
                walk_arms.push(quote! {
                    #ty::#vid { #(#ids: #a),* } => { #(crate::model::Node::walk(#a, visit);)* }
                });
                same_arms.push(quote! {
                    (#ty::#vid { #(#ids: #a),* }, #ty::#vid { #(#ids: #b),* }) => true #(&& crate::model::Node::same(#a, #b))*
                });
            }
        }
    }
    let fallback = if e.variants.len() > 1 {
        quote! { _ => false, }
    } else {
        quote! {}
    };
    Ok(quote! {
        fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a crate::model::Text)) {
            let _ = &visit;
            match self { #(#walk_arms),* }
        }
        fn same(&self, other: &Self) -> bool {
            match (self, other) { #(#same_arms,)* #fallback }
        }
    })
}
