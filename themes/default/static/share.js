// The phone's own share sheet (Web Share API) where the browser has one; the email and text
// message links beside the button share without it.
(function () {
  var button = document.querySelector("[data-share]");
  if (!button || !navigator.share) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.share({ title: button.dataset.title, url: button.dataset.url }).catch(function () {});
  });
})();
