// The build failed on typo.model with its position and the CLI's message; only the good model was generated.
def log = new File(basedir, 'build.log').text
def typo = new File(basedir, 'src/main/model/more/typo.model').path
def line = "$typo:4:6: error: unknown name 'wieght'; did you mean 'weight'?"
assert log.contains("[ERROR] $line") : 'no error line for typo.model'
assert log.contains('BUILD FAILURE')
def models = new File(basedir, 'target/generated-sources/gradgen/com/example/models')
assert new File(models, 'CubicKernel.java').isFile()
assert !new File(models, 'TypoKernel.java').exists() && !new File(models, 'TypoModel.java').exists()
return true
