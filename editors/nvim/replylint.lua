-- replylint for Neovim's built-in LSP client. Put this file in ~/.config/nvim/plugin/ (or
-- require it from init.lua). Needs `replylint` on PATH.
--
-- Neovim 0.8+: vim.lsp.start attaches the buffer, reusing a running client for the same root.
-- (Neovim 0.7, Debian bookworm: use vim.lsp.start_client + vim.lsp.buf_attach_client, as
-- tests/editor/nvim_lsp.lua in the replylint repository does.)
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "text", "markdown", "html", "liquid", "handlebars", "mail" },
  callback = function(args)
    local root = vim.fs.dirname(vim.fs.find({ ".replylint.toml", ".git" }, { upward = true, path = vim.api.nvim_buf_get_name(args.buf) })[1])
    vim.lsp.start({
      name = "replylint",
      cmd = { "replylint", "lsp" },
      root_dir = root or vim.fn.getcwd(),
      -- Optional: rule levels, knowledge-base index, debounce.
      init_options = { rules = {}, debounceMs = 75 },
    })
  end,
})
