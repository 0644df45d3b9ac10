" engram model files
autocmd BufRead,BufNewFile *.engram setfiletype engram
