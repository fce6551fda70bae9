export default class SomeClass {

}
