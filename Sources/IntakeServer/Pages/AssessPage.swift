import Eligibility
import IntakeRegister

/// The intake form (assess.mustache), generated from the running rule set's schema: one `FieldView` per
/// schema field, rendered by the recursive partial field.mustache.
enum AssessPage {
    struct View: PageView {
        let csrfToken: String
        let summary: Summary?
        let fields: [FieldView]
    }

    /// The validator's problems above the form, each linked to its field when the form shows one.
    struct Summary: PageView {
        let count: Int
        let problems: [Problem]
    }

    struct Problem: PageView {
        let fieldID: String?
        let label: String
        let message: String
    }

    /// One field; exactly one of its kinds (group … input) is set.
    struct FieldView: PageView {
        let id: String
        /// The field path: the input's name.
        let name: String
        let label: String
        let required: Bool
        let hint: String?
        let error: String?
        var group: Group?
        var list: List?
        var checkbox: Checkbox?
        var select: Select?
        var input: Input?
    }

    struct Group: PageView {
        let fields: [FieldView]
    }

    struct List: PageView {
        let count: Int
        let items: [Item]
        let mayAdd: Bool
    }

    struct Item: PageView {
        let id: String
        /// The item's path (`household.members[2]`), which "删除" names.
        let name: String
        let title: String
        let error: String?
        let fields: [FieldView]
    }

    struct Checkbox: PageView {
        let checked: Bool
    }

    struct Select: PageView {
        let noneChosen: Bool
        let options: [OptionView]
    }

    /// An `<input>`: its type and the attributes that go with it.
    struct Input: PageView {
        let type: String
        var inputMode: String?
        var step: String?
        var min: String?
        var max: String?
        /// Money's lower bound, for reading only: `min` is for number inputs.
        var dataMin: String?
        let value: String
    }

    static func render(schema: Schema, form: AssessForm, session: WebSession) -> String {
        var labels: [String: String] = [:] // field path → label, for the summary's links
        let fields = fieldViews(schema.root, prefix: "", form: form, labels: &labels)
        let problems = form.errors.sorted { $0.key < $1.key }.flatMap { path, messages in
            messages.map {
                Problem(fieldID: labels[path] == nil ? nil : fieldID(path), label: labels[path] ?? (path.isEmpty ? "档案" : path), message: $0)
            }
        }
        let view = View(csrfToken: session.csrfToken, summary: problems.isEmpty ? nil : Summary(count: problems.count, problems: problems),
                        fields: fields)
        return Layout.page(.assess, view, title: "帮扶资格评估", session: session)
    }

    static func fieldID(_ path: String) -> String {
        "f-" + path.compactMap { $0 == "]" ? nil : "[.".contains($0) ? "-" : String($0) }.joined()
    }

    static func fieldViews(_ shape: ObjectShape, prefix: String, form: AssessForm, labels: inout [String: String]) -> [FieldView] {
        var views: [FieldView] = []
        for field in shape.fields {
            let path = prefix + field.name
            labels[path] = (labels[String(prefix.dropLast())].map { $0 + " › " } ?? "") + field.label
            var view = FieldView(id: fieldID(path), name: path, label: field.label, required: field.isRequired, hint: field.description,
                                 error: form.errors[path]?.joined(separator: "；"))
            let value = form.values[path] ?? ""
            switch field.type {
            case .object(let inner):
                view.group = Group(fields: fieldViews(inner, prefix: path + ".", form: form, labels: &labels))
            case .list(let inner, let maxItems):
                let count = form.counts[path] ?? 0
                var items: [Item] = []
                for number in stride(from: 1, through: count, by: 1) {
                    let itemPath = "\(path)[\(number)]"
                    let title = "\(field.label) 第 \(number) 项"
                    labels[itemPath] = title
                    items.append(Item(id: fieldID(itemPath), name: itemPath, title: title, error: form.errors[itemPath]?.joined(separator: "；"),
                                      fields: fieldViews(inner, prefix: itemPath + ".", form: form, labels: &labels)))
                }
                view.list = List(count: count, items: items, mayAdd: maxItems.map { count < $0 } ?? true)
            case .boolean:
                view.checkbox = Checkbox(checked: value == "true")
            case .enumeration(let cases):
                view.select = Select(noneChosen: value.isEmpty,
                                     options: cases.map { OptionView(value: $0.code, label: $0.label, selected: $0.code == value) })
            case .date:
                view.input = Input(type: "date", value: value)
            case .money(let min, _):
                view.input = Input(type: "text", inputMode: "decimal", dataMin: min?.plain, value: value)
            case .integer(let min, let max):
                view.input = Input(type: "number", step: "1", min: min.map(String.init), max: max.map(String.init), value: value)
            case .string:
                view.input = Input(type: "text", value: value)
            }
            views.append(view)
        }
        return views
    }
}
