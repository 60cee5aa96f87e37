// After the second build Minimize's sources and classes are gone and Cubic's are still there.
def log = new File(basedir, 'build.log').text
assert log.contains('gradgen: deleted com/example/models/MinimizeKernel.java (its model is gone)')
assert log.contains('gradgen: deleted com/example/models/MinimizeModel.java (its model is gone)')
def sources = new File(basedir, 'target/generated-sources/gradgen/com/example/models')
def classes = new File(basedir, 'target/classes/com/example/models')
['Kernel', 'Model'].each {
  assert new File(sources, "Cubic${it}.java").isFile() && new File(classes, "Cubic${it}.class").isFile()
  assert !new File(sources, "Minimize${it}.java").exists() : "Minimize${it}.java is still there"
  assert !new File(classes, "Minimize${it}.class").exists() : "Minimize${it}.class is still there"
}
return true
