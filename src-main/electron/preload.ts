// Placeholder: the typed preload bridge lands with issue 4.
export {};
