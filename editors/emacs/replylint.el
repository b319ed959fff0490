;;; replylint.el --- replylint through eglot  -*- lexical-binding: t; -*-
;; Load from init.el: (load "/path/to/replylint.el"). Needs `replylint' on PATH and Emacs 29+
;; (eglot built in).
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((text-mode markdown-mode html-mode mhtml-mode message-mode)
               . ("replylint" "lsp" :initializationOptions (:debounceMs 75))))
(dolist (hook '(text-mode-hook markdown-mode-hook html-mode-hook mhtml-mode-hook message-mode-hook))
  (add-hook hook #'eglot-ensure))
;;; replylint.el ends here
