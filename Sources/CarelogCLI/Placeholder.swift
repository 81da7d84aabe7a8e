public enum CarelogCommand { public static func main() { print("carelog: under construction") } }
