// The sheets' print button (print-button.mustache): shown and wired only when this script runs, so a
// browser without script shows the Ctrl+P hint alone. The desk's pages need no other script.
for (const button of document.querySelectorAll("button.print")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
