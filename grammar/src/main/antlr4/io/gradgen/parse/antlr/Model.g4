/*
 * The .model language (see docs/LANGUAGE.md). Pure grammar: no actions, no predicates.
 * The parser is generated into target/; io.gradgen.parse.AstBuilder turns its trees into the AST.
 * Newlines are statement ends; ModelReader drops those inside ( ) and [ ] before the parser
 * sees them, so calls and array literals may span lines.
 */
grammar Model;

// ---------------------------------------------------------------- file structure

modelFile
  : sep? MODEL ident (sep declaration)* sep? EOF
  ;

/** One expression alone, such as a command-line option: {@code adam(lr = 0.01)}. */
singleExpression
  : expr EOF
  ;

/** A schedule alone, as {@code --schedule 'warmup(5) then cosine(50)'} gives it. */
singleSchedule
  : schedule EOF
  ;

sep
  : (NEWLINE | SEMI)+
  ;

declaration
  : PARAM ident shape? (ASSIGN expr)?                                # paramDecl
  | CONST ident shape? ASSIGN expr                                   # constDecl
  | kind=(INPUT | TARGET) ident shape? (ARROW column (COMMA column)*)? # dataDecl
  | DATA STRING                                                      # dataFileDecl
  | OUTPUT ident ASSIGN expr                                         # outputDecl
  | ident ASSIGN expr                                                # letDecl
  | LOSS expr                                                        # lossDecl
  | METRIC ident ASSIGN expr                                         # metricDecl
  | TRAIN LBRACE sep? (setting sep?)* RBRACE                         # trainBlock
  ;

shape
  : LBRACKET INT (COMMA INT)* RBRACKET
  ;

column
  : ident                                                            # nameColumn
  | STRING                                                           # quotedColumn
  ;

// ---------------------------------------------------------------- train settings

setting
  : OPTIMIZER call                                                   # optimizerSetting
  | BATCH (INT | FULL)                                               # batchSetting
  | EPOCHS INT                                                       # epochsSetting
  | SHUFFLE (SEED INT)?                                              # shuffleSetting
  | SPLIT number                                                     # splitSetting
  | SCHEDULE schedule                                                # scheduleSetting
  | CLIP number                                                      # clipSetting
  | STOP PATIENCE INT (COMMA argument)*                              # stopSetting
  | REDUCTION ident                                                  # reductionSetting
  | PRECISION ident                                                  # precisionSetting
  ;

/** {@code cosine(50)}, {@code constant}, {@code warmup(5) then cosine(50)}. */
schedule
  : (call | ident) (THEN (call | ident))?
  ;

// ---------------------------------------------------------------- expressions, tightest first

expr
  : expr LBRACKET expr (COMMA expr)* RBRACKET                        # indexExpr
  | expr QUOTE                                                       # transposeExpr
  | call                                                             # callExpr
  | ident                                                            # nameExpr
  | number                                                           # numberExpr
  | LBRACKET expr (COMMA expr)* RBRACKET                             # arrayExpr
  | LPAREN expr RPAREN                                               # parenExpr
  | <assoc=right> expr op=CARET expr                                 # powerExpr
  | MINUS expr                                                       # negateExpr
  | expr op=(STAR | SLASH | AT) expr                                 # multiplicativeExpr
  | expr op=(PLUS | MINUS) expr                                      # additiveExpr
  | expr op=(EQ | NE | LT | LE | GT | GE | ARROW) expr               # comparisonExpr
  ;

call
  : ident LPAREN (argument (COMMA argument)*)? RPAREN
  ;

argument
  : ident ASSIGN expr                                                # namedArgument
  | expr                                                             # positionalArgument
  ;

number
  : value=(INT | FLOAT)
  ;

/** A name; every keyword is also an ordinary name where a name is expected. */
ident
  : name=(IDENT
    | MODEL | PARAM | CONST | INPUT | TARGET | DATA | OUTPUT | LOSS | TRAIN
    | OPTIMIZER | BATCH | FULL | EPOCHS | SHUFFLE | SEED | SPLIT | SCHEDULE | CLIP | STOP
    | PATIENCE | REDUCTION | PRECISION | METRIC | THEN)
  ;

// ---------------------------------------------------------------- tokens

MODEL     : 'model' ;
PARAM     : 'param' ;
CONST     : 'const' ;
INPUT     : 'input' ;
TARGET    : 'target' ;
DATA      : 'data' ;
OUTPUT    : 'output' ;
LOSS      : 'loss' ;
TRAIN     : 'train' ;
OPTIMIZER : 'optimizer' ;
BATCH     : 'batch' ;
FULL      : 'full' ;
EPOCHS    : 'epochs' ;
SHUFFLE   : 'shuffle' ;
SEED      : 'seed' ;
SPLIT     : 'split' ;
SCHEDULE  : 'schedule' ;
CLIP      : 'clip' ;
STOP      : 'stop' ;
PATIENCE  : 'patience' ;
REDUCTION : 'reduction' ;
// The keywords are the token types MODEL … THEN (ThrowingErrorListener, NestingLimit): a new one goes before THEN.
METRIC    : 'metric' ;
PRECISION : 'precision' ;
THEN      : 'then' ;

ARROW    : '<-' ;
// Comparisons; in an expression '<-' is read as '<' and '-', as Python reads a<-1 (see AstBuilder).
EQ       : '==' ;
NE       : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
AT       : '@' ;
CARET    : '^' ;
QUOTE    : '\'' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;
COMMA    : ',' ;
SEMI     : ';' ;

INT   : DIGIT+ ;
FLOAT : DIGIT+ '.' DIGIT* EXPONENT? | '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;
// As Python 3 (PEP 3131): a letter of any script or _, then letters, digits and marks; see docs/LANGUAGE.md.
IDENT : [\p{XID_Start}_] [\p{XID_Continue}]* { setText(io.gradgen.parse.Identifiers.normalized(getText())); } ;

/** Escapes are checked by the AST builder, which can say which one is wrong. */
STRING : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '"' ;

NEWLINE : ('\r'? '\n' | '\r')+ ;

LINE_COMMENT   : '//' ~[\r\n]* -> skip ;
// A block comment on one line is skipped; one that spans lines ends the statement, as a newline.
BLOCK_COMMENT  : '/*' (~[*\r\n] | '*'+ ~[*/\r\n])* '*'+ '/' -> skip ;
MULTILINE_COMMENT : '/*' .*? '*/' -> type(NEWLINE) ;
WS             : [ \t\f]+ -> skip ;

// Error tokens: never expected by the parser, so the first one is reported with its own message.
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* ;
UNTERMINATED_STRING  : '"' ('\\' ~[\r\n] | ~["\\\r\n])* '\\'? ;
UNKNOWN_CHAR         : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
