// The UI's only script (the CSP allows no inline one): CSRF for htmx, and a reload to the login
// page when an htmx request finds the sign-in ended.
document.addEventListener("htmx:configRequest", function (e) {
  var header = document.querySelector('meta[name="_csrf_header"]');
  var token = document.querySelector('meta[name="_csrf"]');
  if (header && token) {
    e.detail.headers[header.content] = token.content;
  }
});
document.addEventListener("htmx:responseError", function (e) {
  if (e.detail.xhr && e.detail.xhr.status === 401) {
    window.location.reload();
  }
});
