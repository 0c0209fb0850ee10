/// The one stylesheet (`/style.css`): plain, readable, and an A4 print layout for decision sheets.
enum Stylesheet {
    static let css = """
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", sans-serif; margin: 0; color: #1a1a1a; background: #fafafa; line-height: 1.5; }
        header { background: #23395d; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
        header .site { font-weight: bold; margin: 0; }
        header a { color: #fff; margin-right: .8rem; }
        header .who { margin: 0 .8rem; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem; background: #fff; }
        form.inline { display: inline; }
        fieldset { border: 1px solid #bbb; margin: 0 0 1rem; padding: .5rem 1rem; }
        legend { font-weight: bold; }
        .field { margin: .5rem 0; }
        .field label { display: block; }
        .field.check label { display: inline; }
        input, select, button { font: inherit; padding: .2rem .4rem; }
        input:focus, select:focus, button:focus, a:focus { outline: 3px solid #f6a800; }
        .required { color: #b00020; }
        .error { color: #b00020; font-weight: bold; }
        .field.invalid input, .field.invalid select { border: 2px solid #b00020; }
        .errors { border: 2px solid #b00020; padding: .5rem 1rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
        .outcome-eligible { color: #1b5e20; font-weight: bold; }
        .outcome-ineligible { color: #555; font-weight: bold; }
        .outcome-refer, .outcome-error { color: #b00020; font-weight: bold; }
        .programme { border-top: 1px solid #ccc; padding-top: .5rem; }
        .visually-hidden, .default-submit { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        @media print {
          @page { size: A4; margin: 18mm 16mm; }
          header, nav, .noprint, form { display: none !important; }
          body, main { background: #fff; color: #000; margin: 0; padding: 0; max-width: none; font-size: 11pt; }
          a { color: #000; text-decoration: none; }
          .outcome-eligible, .outcome-ineligible, .outcome-refer, .outcome-error { color: #000; }
          th, td { border-color: #000; }
          .programme { break-inside: avoid; }
        }

        """
}
