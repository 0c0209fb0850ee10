/// The sign-in page: account name and password. Its form carries a token that must match the
/// `bangfu_login` cookie (no session exists yet to hold one).
enum LoginPage {
    struct View: PageView {
        let csrfToken: String
        let next: String
        let name: String
        let error: String?
        /// The interview page an expired session posted, taken up after signing in.
        let carried: Carried?
    }

    struct Carried: PageView {
        let fields: [HiddenField]
    }

    static func render(loginToken: String, name: String = "", error: String? = nil, next: String = "/assess", carried: [HiddenField] = []) -> String {
        Layout.page(.login, View(csrfToken: loginToken, next: next, name: name, error: error,
                                 carried: carried.isEmpty ? nil : Carried(fields: carried)), title: "登录", session: nil)
    }
}
