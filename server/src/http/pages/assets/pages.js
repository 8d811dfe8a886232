// Moves focus to the error summary, so screen readers announce it and keyboard users start there.
document.addEventListener('DOMContentLoaded', () => {
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});
