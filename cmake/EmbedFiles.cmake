# Turns files into a C++ source that maps their names to their bytes, so the
# executable carries its own pages and stylesheets and needs no web root.
function(tipline_embed_files target out_cpp)
  set(inputs ${ARGN})
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DBASE=${CMAKE_CURRENT_SOURCE_DIR}
            "-DFILES=${inputs}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    COMMENT "Embedding web assets"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_cpp})
endfunction()
