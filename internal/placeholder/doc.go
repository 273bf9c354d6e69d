// Package placeholder renders `{{name}}` placeholders in strings from
// scenario files: command arguments, environment values and URLs of a
// launched target (`{{port.http}}`, `{{data_dir}}`, `{{llm_url}}`,
// `{{llm_base_url}}`, `{{proxy_url}}`), and any other template that names
// placeholders from a fixed set.
//
// The syntax is deliberately small: `{{`, a name of lower-case letters,
// digits, '_' and '.', then `}}`; spaces inside the braces are allowed. A
// `{{` that does not open a well-formed placeholder is an error, so a typo
// is never sent to a server verbatim. There is no escape: no launcher
// placeholder value contains `{{`.
package placeholder
