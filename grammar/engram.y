%define api.pure full
%define api.prefix {eg_yy}
%code { int eg_yylex(void *lval); void eg_yyerror(const char *msg); }
%%
file: %empty ;
%%
