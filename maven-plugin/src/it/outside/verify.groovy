// First build: the plugin generated CropYield's classes, javac's processor Minimize's, and the tests
// trained both. Second build of the same tree (to test-compile): the model was up to date and javac
// had nothing to do, for the main classes or the tests.
def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] BUILD SUCCESS$/)
assert builds.length == 3 : 'expected two successful builds'
def (first, second) = [builds[0], builds[1]]

def generated = new File(basedir, 'target/generated-sources')
['gradgen/com/example/models/CropYieldKernel.java', 'gradgen/com/example/models/CropYieldModel.java',
 'annotations/com/example/MinimizeKernel.java', 'annotations/com/example/MinimizeModel.java'].each {
  assert new File(generated, it).isFile() : "no $it"
}
assert first.contains('gradgen: 1 model in ') && first.contains(': 1 generated, 0 up to date')
assert first.contains('Tests run: 3, Failures: 0, Errors: 0, Skipped: 0')

assert second.contains(': 0 generated, 1 up to date')
assert second.count('Nothing to compile - all classes are up to date') == 2 : 'the second build compiled something'
return true
