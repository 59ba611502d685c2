// Single keys on the review page (as review tools have them): an element with data-keys="j ArrowRight"
// is clicked (a link or a button) or focused (a field) when one of its keys is pressed outside a field.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("input, textarea, select")) {
    if (event.key === "Escape") target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var found = null;
  document.querySelectorAll("[data-keys]").forEach(function (el) {
    if (!found && el.getAttribute("data-keys").split(" ").indexOf(event.key) >= 0 && !el.classList.contains("off")) found = el;
  });
  if (!found) return;
  event.preventDefault();
  if (found.matches("input, textarea, select")) found.focus();
  else found.click();
});
