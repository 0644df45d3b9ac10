" Vim syntax file for engram model files (*.engram).
if exists("b:current_syntax")
  finish
endif

syn keyword engramStatement param include sweep in
syn match   engramKind      "^\s*\zs\h\w*\ze\s\+\(\h\w*\s*\)\?{"
syn match   engramKey       "^\s*\zs\h\w*\ze\s*="
syn match   engramFunction  "\h\w*\ze\s*("
syn match   engramNumber    "\<\d\+\(\.\d\+\)\=\([eE][+-]\=\d\+\)\=\>"
syn match   engramRange     "\.\."
syn keyword engramStep      step contained
syn region  engramString    start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline
syn match   engramComment   "#.*$"
syn match   engramOperator  "[-+*/^=]"

hi def link engramStatement Statement
hi def link engramKind      Type
hi def link engramKey       Identifier
hi def link engramFunction  Function
hi def link engramNumber    Number
hi def link engramRange     Operator
hi def link engramOperator  Operator
hi def link engramString    String
hi def link engramComment   Comment

let b:current_syntax = "engram"
